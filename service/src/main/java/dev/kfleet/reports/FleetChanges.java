package dev.kfleet.reports;

import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

import dev.kfleet.hosts.HostDecommissioned;
import dev.kfleet.hosts.HostRegistered;
import dev.kfleet.observations.ObservationsChanged;

/**
 * Notes that the fleet changed, so that the fleet job recomputes its aggregates
 * ({@link FleetSnapshotJob}): a host joined or left the inventory, or its observations
 * changed. Durable events (ADR 0032): each is delivered after its transaction commits,
 * and again after a restart if this did not finish. Noting it costs nothing when it is
 * already noted.
 */
@Component
class FleetChanges {

	private final FleetSnapshotRepository snapshots;

	FleetChanges(FleetSnapshotRepository snapshots) {
		this.snapshots = snapshots;
	}

	@ApplicationModuleListener
	void on(ObservationsChanged changed) {
		this.snapshots.changed();
	}

	@ApplicationModuleListener
	void on(HostRegistered registered) {
		this.snapshots.changed();
	}

	@ApplicationModuleListener
	void on(HostDecommissioned decommissioned) {
		this.snapshots.changed();
	}

}
