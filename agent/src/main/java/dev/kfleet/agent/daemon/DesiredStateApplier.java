package dev.kfleet.agent.daemon;

import java.util.List;
import java.util.Locale;

import dev.kfleet.agent.actions.ActionExecutor;
import dev.kfleet.agent.actions.HostModules;
import dev.kfleet.agent.actions.Modprobe;
import dev.kfleet.agent.actions.ModulesLoadFile;
import dev.kfleet.agent.actions.Pauser;
import dev.kfleet.agent.actions.SysctlDropIn;
import dev.kfleet.agent.actions.SysfsKernel;
import dev.kfleet.agent.report.HostReport;
import dev.kfleet.agent.server.ActionResult;
import dev.kfleet.agent.server.DesiredState;
import dev.kfleet.agent.server.DesiredVersions;

/**
 * What the daemon does with the desired state of each answer: applies a greater version
 * under the root, saving the results as pending; takes a smaller version the service kept
 * handing out as applied without applying it ({@link DesiredVersions}); otherwise
 * nothing.
 */
final class DesiredStateApplier {

	private final AgentConfig config;

	private final StateHolder state;

	private final AgentLog log;

	private final Pauser pauser;

	private final DesiredVersions versions = new DesiredVersions();

	DesiredStateApplier(AgentConfig config, StateHolder state, AgentLog log, Pauser pauser) {
		this.config = config;
		this.state = state;
		this.log = log;
		this.pauser = pauser;
	}

	Applied handle(DesiredState desired, HostReport report) throws InterruptedException {
		return switch (this.versions.offered(desired.version(), this.state.get().appliedDesiredVersion(),
				this.config.clock().instant())) {
			case APPLY -> new Applied(true, apply(desired, report));
			case ADOPT -> adopt(desired);
			case NOTHING -> new Applied(false, List.of());
		};
	}

	private List<ActionResult> apply(DesiredState desired, HostReport report) throws InterruptedException {
		this.log.info("desired-state", "version", desired.version(), "actions", desired.actions().size());
		long pageSize = report.kernel().pageSizeBytes().orElse(4096L);
		ActionExecutor executor = ActionExecutor.of(new SysfsKernel(this.config.root(), pageSize),
				new SysctlDropIn(this.config.sysctlDropIn(), this.config.clock()), new StatePoolJournal(this.state),
				this.pauser,
				new HostModules(this.config.root(),
						new Modprobe(this.config.modprobeSearchPath(), this.config.root(), Modprobe.TIMEOUT)),
				new ModulesLoadFile(this.config.modulesLoadFile(), this.config.clock()), this.config.clock());
		List<ActionResult> results = executor.apply(desired);
		this.state.update((s) -> s.applied(desired.version(), results));
		for (ActionResult result : results) {
			this.log.info("action", "desiredVersion", result.desiredVersion(), "id", result.actionId(), "type",
					result.type(), "outcome", result.outcome().name().toLowerCase(Locale.ROOT), "detail",
					result.detail());
		}
		return results;
	}

	private Applied adopt(DesiredState desired) {
		long before = this.state.get().appliedDesiredVersion();
		this.state.update((s) -> s.applied(desired.version(), List.of()));
		this.log.warn("desired-version-taken-as-applied", "from", before, "to", desired.version(), "reason",
				"the service handed out a smaller version for " + DesiredVersions.STREAK
						+ " check-ins in a row over at least 2 minutes (a restored database, or a bad answer raised the"
						+ " agent's record); it is taken as applied, not applied, and the next greater one is applied");
		return new Applied(false, List.of());
	}

	/**
	 * What was done.
	 *
	 * @param applied a greater version was applied
	 * @param results the results of its actions
	 */
	record Applied(boolean applied, List<ActionResult> results) {
	}

}
