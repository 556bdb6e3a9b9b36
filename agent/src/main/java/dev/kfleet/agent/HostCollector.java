package dev.kfleet.agent;

import java.nio.file.Path;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import dev.kfleet.agent.host.HostFiles;
import dev.kfleet.agent.hvo.HvoCollector;
import dev.kfleet.agent.hvo.MemmapBaseline;
import dev.kfleet.agent.kernel.KernelCollector;
import dev.kfleet.agent.kernel.KernelFacts;
import dev.kfleet.agent.report.AgentInfo;
import dev.kfleet.agent.report.HostReport;
import dev.kfleet.agent.vduse.VduseCollector;

/**
 * Collects a {@link HostReport} from the files under a root. One instance can collect
 * repeatedly (the daemon does); it caches only what cannot change while the kernel runs
 * (the parsed kernel configuration).
 */
public final class HostCollector {

	private final HostFiles files;

	private final Clock clock;

	private final KernelCollector kernel = new KernelCollector();

	private final HvoCollector hvo = new HvoCollector();

	private final VduseCollector vduse = new VduseCollector();

	public HostCollector(Path root, Clock clock) {
		this.files = new HostFiles(root);
		this.clock = clock;
	}

	/**
	 * Collects a report.
	 * @param baseline the memmap counters at an earlier moment without HugeTLB pages, if
	 * the caller kept one (kernel-facts.md §1.6 (c))
	 * @return the report; collectors never throw, so a missing, unreadable or garbled
	 * file shows as an unknown value with its reason
	 */
	public HostReport collect(Optional<MemmapBaseline> baseline) {
		String collectedAt = this.clock.instant().truncatedTo(ChronoUnit.MILLIS).toString();
		KernelFacts kernelFacts = this.kernel.collect(this.files);
		return new HostReport(HostReport.SCHEMA_VERSION,
				new AgentInfo(AgentVersion.current(), this.files.root().toString()), collectedAt, kernelFacts.info(),
				this.hvo.collect(this.files, kernelFacts, baseline), this.vduse.collect(this.files, kernelFacts));
	}

	/**
	 * Collects a report without a baseline.
	 * @return the report
	 */
	public HostReport collect() {
		return collect(Optional.empty());
	}

}
