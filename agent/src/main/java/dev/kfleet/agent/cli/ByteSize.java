package dev.kfleet.agent.cli;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Formats byte counts for people in binary units, to one decimal: {@code 28 KiB},
 * {@code 3.5 MiB}.
 */
final class ByteSize {

	private static final String[] UNITS = { "B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB" };

	private ByteSize() {
	}

	static String format(long bytes) {
		long magnitude = (bytes == Long.MIN_VALUE) ? Long.MAX_VALUE : Math.abs(bytes);
		int unit = 0;
		while (unit < UNITS.length - 1 && magnitude >= (1L << (10 * (unit + 1)))) {
			unit++;
		}
		BigDecimal value = BigDecimal.valueOf(bytes)
			.divide(BigDecimal.valueOf(1L << (10 * unit)), 1, RoundingMode.HALF_UP);
		String number = value.stripTrailingZeros().toPlainString();
		return number + " " + UNITS[unit];
	}

}
