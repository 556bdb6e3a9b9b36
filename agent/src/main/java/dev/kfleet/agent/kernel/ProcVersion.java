package dev.kfleet.agent.kernel;

import dev.kfleet.agent.host.HostFiles;
import dev.kfleet.agent.report.Reading;

/**
 * Takes {@code uname -v} out of {@code /proc/version}, which the kernel prints as
 * {@code Linux version <release> (<user>@<host>) (<compiler>) <version>}; the compiler
 * part has nested parentheses.
 */
final class ProcVersion {

	private static final String PREFIX = "Linux version ";

	private ProcVersion() {
	}

	static Reading<String> buildVersion(String text) {
		if (!text.startsWith(PREFIX)) {
			return garbled(text);
		}
		int pos = text.indexOf(' ', PREFIX.length());
		while (pos >= 0 && pos < text.length() && text.charAt(pos) == ' ') {
			pos++;
			if (pos < text.length() && text.charAt(pos) == '(') {
				pos = closing(text, pos);
				if (pos < 0) {
					return garbled(text);
				}
				pos++;
			}
			else {
				String version = text.substring(pos).strip();
				return version.isEmpty() ? garbled(text) : Reading.of(version);
			}
		}
		return garbled(text);
	}

	private static int closing(String text, int open) {
		int depth = 0;
		for (int i = open; i < text.length(); i++) {
			char c = text.charAt(i);
			depth += (c == '(') ? 1 : (c == ')') ? -1 : 0;
			if (depth == 0) {
				return i;
			}
		}
		return -1;
	}

	private static Reading<String> garbled(String text) {
		return Reading.unknown("garbled: /proc/version does not have the form 'Linux version R (...) (...) V': "
				+ HostFiles.abbreviate(text));
	}

}
