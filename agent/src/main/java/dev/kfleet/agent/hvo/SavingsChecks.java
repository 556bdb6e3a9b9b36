package dev.kfleet.agent.hvo;

import java.util.List;

import dev.kfleet.agent.report.FindingSeverity;
import dev.kfleet.agent.report.SavingsFinding;
import dev.kfleet.agent.report.SavingsFindingCode;

/**
 * The sanity checks of kernel-facts.md §1.6: {@code 0 <= reclaimed <= reclaimable}, and
 * reclaimed is 0 when no HugeTLB page exists.
 */
final class SavingsChecks {

	private SavingsChecks() {
	}

	static void check(long reclaimed, long reclaimable, SavingsInputs in, List<SavingsFinding> findings) {
		boolean noPages = in.pools().stream().allMatch((p) -> p.total().orElse(-1L) == 0);
		boolean surplus = in.pools().stream().anyMatch((p) -> p.surplus().orElse(0L) > 0);
		if (noPages && reclaimed != 0) {
			findings.add(inconsistency(SavingsFindingCode.MEMMAP_MISMATCH_WITHOUT_HUGETLB_PAGES,
					"no HugeTLB page exists, yet the counters are " + (-reclaimed) + " pages off the expected memmap: "
							+ ((reclaimed > 0)
									? "freed surplus pages may still be restoring their vmemmap; read again in a few seconds"
									: "memmap that no memory block explains (page_ext, device memory) is counted")));
		}
		else if (reclaimed < 0) {
			findings.add(inconsistency(SavingsFindingCode.RECLAIMED_NEGATIVE,
					"the counters exceed the expected memmap by " + (-reclaimed)
							+ " pages: memmap that no memory block explains (page_ext, device memory) is counted,"
							+ " or struct page is larger than assumed"));
		}
		else if (reclaimed > reclaimable) {
			findings.add(inconsistency(SavingsFindingCode.RECLAIMED_EXCEEDS_RECLAIMABLE,
					reclaimed + " pages reclaimed exceed the " + reclaimable
							+ " that the current HugeTLB pages can free: "
							+ "freed surplus pages may still be restoring their vmemmap (read again in a few seconds),"
							+ " or struct page is smaller than assumed"));
		}
		else if (reclaimed < reclaimable) {
			findings.add(new SavingsFinding(SavingsFindingCode.PARTLY_OPTIMIZED, FindingSeverity.CAVEAT,
					reclaimed + " of " + reclaimable
							+ " reclaimable pages are reclaimed: some HugeTLB pages were allocated"
							+ " while the switch was off, or their optimization failed"));
		}
		if (surplus) {
			findings.add(new SavingsFinding(SavingsFindingCode.SURPLUS_PAGES, FindingSeverity.CAVEAT,
					"surplus HugeTLB pages exist; when they are freed their vmemmap is restored asynchronously,"
							+ " so a reading right after may be off until it completes"));
		}
	}

	static boolean makesEstimate(SavingsFindingCode code) {
		return switch (code) {
			case PRE_OPTIMIZED_BOOT_PAGES, MEMMAP_ON_MEMORY, PAGE_EXT -> true;
			default -> false;
		};
	}

	private static SavingsFinding inconsistency(SavingsFindingCode code, String message) {
		return new SavingsFinding(code, FindingSeverity.INCONSISTENCY, message);
	}

}
