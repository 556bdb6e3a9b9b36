package dev.kfleet.agent.kernel;

import java.util.Optional;

/**
 * The kernel's {@code kstrtobool}: how {@code hugetlb_free_vmemmap=} and the sysctl are
 * parsed.
 */
public final class KernelBool {

	private KernelBool() {
	}

	/**
	 * Parses a boolean the way {@code kstrtobool} does: {@code y}, {@code Y}, {@code t},
	 * {@code T}, {@code 1}, {@code on} are true; {@code n}, {@code N}, {@code f},
	 * {@code F}, {@code 0}, {@code off} are false; only the first one or two characters
	 * count.
	 * @param text the text
	 * @return the value, or empty when the kernel would refuse it (EINVAL)
	 */
	public static Optional<Boolean> parse(String text) {
		if (text == null || text.isEmpty()) {
			return Optional.empty();
		}
		return switch (text.charAt(0)) {
			case 'y', 'Y', 't', 'T', '1' -> Optional.of(true);
			case 'n', 'N', 'f', 'F', '0' -> Optional.of(false);
			case 'o', 'O' -> (text.length() < 2) ? Optional.empty() : switch (text.charAt(1)) {
				case 'n', 'N' -> Optional.of(true);
				case 'f', 'F' -> Optional.of(false);
				default -> Optional.empty();
			};
			default -> Optional.empty();
		};
	}

}
