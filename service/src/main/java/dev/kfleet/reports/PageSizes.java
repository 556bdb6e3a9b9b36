package dev.kfleet.reports;

/**
 * Page sizes as people write them: {@code 2 MiB}, {@code 1 GiB}, {@code 64 KiB}. The same
 * size always gets the same text, so that the {@code page_size} tag is as stable as the
 * number it stands for, and Grafana shows it without a value mapping.
 */
final class PageSizes {

	private static final String[] UNITS = { "B", "KiB", "MiB", "GiB", "TiB" };

	private PageSizes() {
	}

	/**
	 * The size in the largest binary unit that divides it exactly.
	 * @param bytes a page size in bytes
	 * @return e.g. {@code 2 MiB} for 2097152
	 */
	static String label(long bytes) {
		long value = bytes;
		int unit = 0;
		while (value > 0 && value % 1024 == 0 && unit < UNITS.length - 1) {
			value /= 1024;
			unit++;
		}
		return value + " " + UNITS[unit];
	}

}
