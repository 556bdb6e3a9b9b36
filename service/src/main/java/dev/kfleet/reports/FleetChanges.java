package dev.kfleet.reports;

import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

import dev.kfleet.hosts.HostDecommissioned;
import dev.kfleet.hosts.HostRegistered;
import dev.kfleet.observations.ObservationsChanged;

/**
 * Notes that the fleet changed, so that the fleet job recomputes its aggregates
 * ({@link FleetSnapshotJob}): a host joined or left the inventory, or its observations
 * changed. Durable events (ADR 0032): each is delivered after its transaction commits,
 * and again after a restart if this did not finish. Noting it costs nothing when it is
 * already noted. Not an {@code @ApplicationModuleListener}, which would wrap the one
 * statement in a transaction of its own: an observation change comes with every batch of
 * changed check-ins, and the statement commits by itself.
 */
@Component
class FleetChanges {

	private final FleetSnapshotRepository snapshots;

	FleetChanges(FleetSnapshotRepository snapshots) {
		this.snapshots = snapshots;
	}

	@Async
	@TransactionalEventListener
	void on(ObservationsChanged changed) {
		this.snapshots.changed();
	}

	@Async
	@TransactionalEventListener
	void on(HostRegistered registered) {
		this.snapshots.changed();
	}

	@Async
	@TransactionalEventListener
	void on(HostDecommissioned decommissioned) {
		this.snapshots.changed();
	}

}
