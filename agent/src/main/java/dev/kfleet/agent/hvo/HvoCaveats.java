package dev.kfleet.agent.hvo;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.kfleet.agent.kernel.BootParameters;
import dev.kfleet.agent.kernel.KernelBool;
import dev.kfleet.agent.report.FindingSeverity;
import dev.kfleet.agent.report.KernelConfig;
import dev.kfleet.agent.report.Reading;
import dev.kfleet.agent.report.SavingsFinding;
import dev.kfleet.agent.report.SavingsFindingCode;

/**
 * The conditions under which the memory-block model of the memmap (kernel-facts.md §1.6
 * (b)) is only an estimate: pre-optimized boot gigantic pages, memmap_on_memory, and
 * page_ext users.
 */
final class HvoCaveats {

	private HvoCaveats() {
	}

	static List<SavingsFinding> find(Reading<KernelConfig> config, Reading<BootParameters> parameters,
			Reading<Boolean> onAtBoot, Reading<String> memmapOnMemory, Reading<Long> pageSize) {
		List<SavingsFinding> caveats = new ArrayList<>();
		KernelConfig options = config.orElse(null);
		BootParameters boot = parameters.orElse(BootParameters.parse(""));
		if (options != null && options.value("CONFIG_SPARSEMEM_VMEMMAP_PREINIT").equals("y") && onAtBoot.orElse(false)
				&& BootGiganticPages.requested(boot, pageSize.orElse(4096L))) {
			caveats.add(caveat(SavingsFindingCode.PRE_OPTIMIZED_BOOT_PAGES,
					"gigantic HugeTLB pages were reserved"
							+ " at boot with HVO on and CONFIG_SPARSEMEM_VMEMMAP_PREINIT=y: their memmap may have been"
							+ " optimized before it was counted"));
		}
		if (memmapOnMemory.map((v) -> v.equals("force") || KernelBool.parse(v).orElse(false)).orElse(false)) {
			caveats.add(caveat(SavingsFindingCode.MEMMAP_ON_MEMORY, "memory_hotplug.memmap_on_memory is on: the"
					+ " memmap of hot-plugged memory lives on that memory and may not be counted"));
		}
		if (options != null && pageExtInUse(options, boot)) {
			caveats.add(caveat(SavingsFindingCode.PAGE_EXT,
					"a page_ext user is enabled (page_owner,"
							+ " page_table_check or memory allocation profiling): page_ext tables are counted in the"
							+ " memmap counters but not in the memory blocks' memmap"));
		}
		return caveats;
	}

	private static boolean pageExtInUse(KernelConfig config, BootParameters boot) {
		if (!config.value("CONFIG_PAGE_EXTENSION").equals("y")) {
			return false;
		}
		boolean pageOwner = config.value("CONFIG_PAGE_OWNER").equals("y") && on(boot.last("page_owner"));
		boolean tableCheck = config.value("CONFIG_PAGE_TABLE_CHECK").equals("y")
				&& (config.value("CONFIG_PAGE_TABLE_CHECK_ENFORCED").equals("y") || on(boot.last("page_table_check")));
		return pageOwner || tableCheck || config.value("CONFIG_MEM_ALLOC_PROFILING").equals("y");
	}

	private static boolean on(Optional<String> value) {
		return value.flatMap(KernelBool::parse).orElse(false);
	}

	private static SavingsFinding caveat(SavingsFindingCode code, String message) {
		return new SavingsFinding(code, FindingSeverity.CAVEAT, message);
	}

}
