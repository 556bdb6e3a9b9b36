package dev.kfleet.agent.hvo;

import java.util.List;

import dev.kfleet.agent.report.Reading;
import dev.kfleet.agent.report.StructPageSize;
import dev.kfleet.agent.report.StructPageSizeSource;

/**
 * Finds {@code sizeof(struct page)}: derived from the memmap counters when no HugeTLB
 * page exists (then the counted memmap is exactly the memory blocks' memmap), otherwise
 * the architecture's size (64 bytes on x86-64 and arm64).
 */
final class StructPageSizes {

	private StructPageSizes() {
	}

	static Reading<StructPageSize> resolve(Reading<String> architecture, Reading<Long> pageSize,
			MemmapReader.RawMemmap memmap, Reading<List<PoolReader.RawPool>> pools) {
		Reading<Long> derived = derive(pageSize, memmap, pools);
		if (derived.isKnown()) {
			return Reading.of(new StructPageSize(derived.orElseThrow(), StructPageSizeSource.MEMMAP_COUNTERS));
		}
		String arch = architecture.orElse("");
		if (arch.equals("x86_64") || arch.equals("aarch64")) {
			return Reading.of(new StructPageSize(64, StructPageSizeSource.ARCHITECTURE_DEFAULT));
		}
		return Reading.unknown("struct page size: not derivable (" + derived.unknownReason().orElseThrow()
				+ ") and no known size for architecture " + architecture.orElse("(unknown)"));
	}

	private static Reading<Long> derive(Reading<Long> pageSize, MemmapReader.RawMemmap memmap,
			Reading<List<PoolReader.RawPool>> pools) {
		boolean empty = pools.isKnown() && pools.orElseThrow()
			.stream()
			.allMatch((p) -> p.total().orElse(-1L) == 0 && p.surplus().orElse(-1L) == 0);
		if (!empty) {
			return Reading.unknown("HugeTLB pages exist or the pools are unknown");
		}
		if (!(pageSize.isKnown() && memmap.sum().isKnown() && memmap.blocks().isKnown()
				&& memmap.blockSize().isKnown())) {
			return Reading.unknown("the counters, the memory blocks or the page size are unknown");
		}
		long page = pageSize.orElseThrow();
		long structPages = memmap.blocks().orElseThrow() * (memmap.blockSize().orElseThrow() / page);
		long memmapBytes = memmap.sum().orElseThrow() * page;
		if (structPages <= 0 || memmapBytes % structPages != 0) {
			return Reading.unknown("the counters are not a whole number of bytes per page");
		}
		long size = memmapBytes / structPages;
		boolean plausible = size >= 32 && size <= 256 && Long.bitCount(size) == 1;
		return plausible ? Reading.of(size) : Reading.unknown("the counters imply " + size + " bytes per page");
	}

}
