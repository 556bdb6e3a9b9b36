package dev.kfleet.agent.simulator;

import java.time.Instant;
import java.util.Optional;
import java.util.stream.Collectors;

import dev.kfleet.agent.server.Acknowledged;
import dev.kfleet.agent.server.CheckInRequest;
import dev.kfleet.agent.server.CheckInResponse;

/**
 * What a simulated host's agent knows after its latest successful check-in, for a fault
 * script to compare with what the service stored: the report the service acknowledged
 * (its {@code reportHash}, which the service keeps as {@code host_report.report_hash},
 * and its content hash), what that report says in the fields the service keeps in columns
 * (the HVO switch; each HugeTLB pool's size, total and free pages; the value the boot
 * configuration sets the switch to; whether the four VDUSE modules are loaded), and the
 * desired-state version the service handed out.
 *
 * @param machineId the host's machine id
 * @param hostId the host id the service gave it
 * @param checkedInAt when the answer arrived
 * @param sequence the check-in's sequence
 * @param acknowledged the report the service acknowledged, empty when it wants a full one
 * @param hvoSwitch the HVO switch in that report, empty when the kernel has none
 * @param pools {@code size=total/free} per pool, comma-separated, in the kernel's order
 * @param desiredVersion the desired-state version in the answer
 * @param switchPersisted what the boot configuration sets the switch to, empty when
 * nothing sets it
 * @param vduseModulesLoaded whether the four VDUSE modules are loaded
 */
record HostTruth(String machineId, String hostId, Instant checkedInAt, long sequence,
		Optional<Acknowledged> acknowledged, Optional<Boolean> hvoSwitch, String pools, long desiredVersion,
		Optional<Boolean> switchPersisted, boolean vduseModulesLoaded) {

	/** The columns of {@link #line()}. */
	static final String COLUMNS = "machineId\thostId\tcheckedInAtMillis\tsequence\treportHash\tcontentHash"
			+ "\thvoSwitch\tpools\tdesiredVersion\tswitchPersisted\tvduseModulesLoaded";

	/**
	 * The truth of a host right after a check-in was answered, before its desired state
	 * is applied: its kernel is still the one the check-in described.
	 */
	static HostTruth observed(SimulatedHost host, Optional<Acknowledged> acknowledged, CheckInRequest request,
			CheckInResponse response, Instant at) {
		String pools = host.kernel()
			.pools()
			.stream()
			.map((pool) -> pool.sizeBytes() + "=" + pool.total() + "/" + pool.free())
			.collect(Collectors.joining(","));
		return new HostTruth(host.machineId(), host.hostId(), at, request.sequence(), acknowledged,
				host.kernel().hvoSwitch(), pools, response.desiredState().version(), host.kernel().persistedSwitch(),
				host.kernel().vduseModulesLoaded());
	}

	/** One tab-separated line, {@code -} for what is absent (see {@link #COLUMNS}). */
	String line() {
		return String.join("\t", this.machineId, this.hostId, Long.toString(this.checkedInAt.toEpochMilli()),
				Long.toString(this.sequence), this.acknowledged.map(Acknowledged::hash).orElse("-"),
				this.acknowledged.map(Acknowledged::contentHash).orElse("-"),
				this.hvoSwitch.map((on) -> on ? "on" : "off").orElse("-"), this.pools.isEmpty() ? "-" : this.pools,
				Long.toString(this.desiredVersion), this.switchPersisted.map((on) -> on ? "on" : "off").orElse("-"),
				this.vduseModulesLoaded ? "loaded" : "not-loaded");
	}

}
