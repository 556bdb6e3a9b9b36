package dev.kfleet.agent.actions;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

import dev.kfleet.agent.server.Action;
import dev.kfleet.agent.server.ActionOutcome;
import dev.kfleet.agent.server.PoolChange;

/**
 * {@code hvo.rebuild-free-pages} {@code {}} or {@code {"pageSizeBytes": [2097152, ...]}}:
 * rebuilds the free unreserved pages of each pool (all pools, or those asked for) so that
 * they get optimized; see {@link PoolRebuild} for how and its safety rules. The switch
 * must be on, otherwise rebuilt pages would not be optimized. A pool that cannot be
 * regrown stops the action: the pools after it are not touched.
 */
final class RebuildFreePages implements ActionHandler {

	static final String TYPE = "hvo.rebuild-free-pages";

	private final HostKernel kernel;

	private final PoolJournal journal;

	private final Pauser pauser;

	RebuildFreePages(HostKernel kernel, PoolJournal journal, Pauser pauser) {
		this.kernel = kernel;
		this.journal = journal;
		this.pauser = pauser;
	}

	@Override
	public String type() {
		return TYPE;
	}

	@Override
	public Done apply(Action action, String origin) throws BadParametersException {
		Optional<List<Long>> asked = Parameters.of(action.parameters(), Set.of("pageSizeBytes"))
			.positiveIntegers("pageSizeBytes");
		try {
			Optional<Boolean> switchOn = this.kernel.hvoSwitch();
			if (!switchOn.orElse(false)) {
				return Done
					.failed(switchOn.isEmpty() ? "this kernel has no runtime HVO switch; nothing would be optimized"
							: "the HVO switch is off, so rebuilt pages would not be optimized: turn it on first"
									+ " (hvo.set-switch)");
			}
			List<Long> sizes = this.kernel.poolSizes();
			List<Long> missing = asked.orElse(List.of()).stream().filter((s) -> !sizes.contains(s)).toList();
			if (!missing.isEmpty()) {
				return Done.failed("no HugeTLB pool of " + missing + " bytes on this host (it has " + sizes + ")");
			}
			return rebuild(asked.orElse(sizes));
		}
		catch (IOException ex) {
			return Done.failed("could not read or write the pools: " + SetHvoSwitch.describe(ex));
		}
	}

	private Done rebuild(List<Long> sizes) throws IOException {
		OptionalLong memmapBefore = this.kernel.memmapPages();
		List<PoolChange> changes = new ArrayList<>();
		List<String> details = new ArrayList<>();
		boolean ok = true;
		for (long size : sizes) {
			PoolRebuild.Result result = new PoolRebuild(this.kernel, this.journal, this.pauser, size).run();
			changes.add(result.change());
			details.add(label(size) + ": " + result.detail());
			ok &= result.ok();
			if (result.shortfall() > 0) {
				details.add("the remaining pools were not touched");
				break;
			}
		}
		OptionalLong memmapAfter = this.kernel.memmapPages();
		if (memmapBefore.isPresent() && memmapAfter.isPresent()) {
			long freed = memmapBefore.getAsLong() - memmapAfter.getAsLong();
			details.add("the memmap counters fell by " + freed + " pages (" + freed * this.kernel.basePageSize()
					+ " bytes of vmemmap freed)");
		}
		return new Done(ok ? ActionOutcome.SUCCEEDED : ActionOutcome.FAILED, String.join("; ", details) + ".", changes);
	}

	static String label(long size) {
		return (size % (1L << 30) == 0) ? (size >> 30) + " GiB" : (size >> 20) + " MiB";
	}

}
