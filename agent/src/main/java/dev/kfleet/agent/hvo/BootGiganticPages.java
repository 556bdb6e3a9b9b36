package dev.kfleet.agent.hvo;

import java.util.Locale;
import java.util.Optional;

import dev.kfleet.agent.kernel.BootParameters;

/**
 * Tells from the command line whether gigantic HugeTLB pages (larger than the buddy
 * allocator's largest block, 1024 base pages) are reserved at boot: {@code hugepages=N}
 * applies to the {@code hugepagesz=} before it, or to {@code default_hugepagesz=}.
 */
final class BootGiganticPages {

	private BootGiganticPages() {
	}

	static boolean requested(BootParameters boot, long pageSize) {
		long defaultSize = boot.last("default_hugepagesz").flatMap(BootGiganticPages::memparse).orElse(2L << 20);
		long current = -1;
		for (BootParameters.Parameter parameter : boot.all()) {
			if (parameter.name().equals("hugepagesz") && parameter.value() != null) {
				current = memparse(parameter.value()).orElse(-1L);
			}
			else if (parameter.name().equals("hugepages") && parameter.value() != null
					&& requestsPages(parameter.value())) {
				long size = (current > 0) ? current : defaultSize;
				if (size > pageSize * 1024) {
					return true;
				}
			}
		}
		return false;
	}

	private static boolean requestsPages(String value) {
		return value.chars().anyMatch((c) -> c >= '1' && c <= '9');
	}

	static Optional<Long> memparse(String text) {
		String value = text.strip().toUpperCase(Locale.ROOT);
		if (!value.matches("[0-9]{1,12}[KMG]?")) {
			return Optional.empty();
		}
		char unit = value.charAt(value.length() - 1);
		int shift = switch (unit) {
			case 'K' -> 10;
			case 'M' -> 20;
			case 'G' -> 30;
			default -> 0;
		};
		String digits = (shift > 0) ? value.substring(0, value.length() - 1) : value;
		return Optional.of(Long.parseLong(digits) << shift);
	}

}
