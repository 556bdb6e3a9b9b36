package dev.kfleet.agent.daemon;

import java.io.PrintStream;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * Structured log lines on stderr, one per event: {@code ts=... level=info event=check-in
 * key=value ...}; values with spaces or quotes are quoted, control characters escaped.
 * Callers never pass secrets or tokens: nothing here could tell them apart.
 */
public final class AgentLog {

	/** The longest value a line holds. */
	static final int MAX_VALUE = 1000;

	private final PrintStream out;

	private final Clock clock;

	public AgentLog(PrintStream out, Clock clock) {
		this.out = out;
		this.clock = clock;
	}

	public void info(String event, Object... pairs) {
		write("info", event, pairs);
	}

	public void warn(String event, Object... pairs) {
		write("warn", event, pairs);
	}

	public void error(String event, Object... pairs) {
		write("error", event, pairs);
	}

	private void write(String level, String event, Object... pairs) {
		StringBuilder line = new StringBuilder(160);
		line.append("ts=").append(this.clock.instant().truncatedTo(ChronoUnit.MILLIS));
		line.append(" level=").append(level).append(" event=").append(event);
		for (int i = 0; i + 1 < pairs.length; i += 2) {
			line.append(' ').append(pairs[i]).append('=').append(quote(String.valueOf(pairs[i + 1])));
		}
		synchronized (this.out) {
			this.out.println(line);
		}
	}

	/**
	 * Returns a value as a log line holds it: as it is when it has no space, quote or
	 * {@code =}; otherwise quoted. Control characters (and the Unicode line separators)
	 * are escaped, so that a value from the service or the host cannot forge a line; a
	 * value longer than {@value #MAX_VALUE} characters is cut.
	 * @param value the value
	 * @return the value for the line
	 */
	static String quote(String value) {
		boolean plain = !value.isEmpty() && value.length() <= MAX_VALUE
				&& value.chars().noneMatch((c) -> c <= ' ' || c == '"' || c == '=' || escaped(c));
		if (plain) {
			return value;
		}
		StringBuilder quoted = new StringBuilder(Math.min(value.length(), MAX_VALUE) + 8).append('"');
		int end = Math.min(value.length(), MAX_VALUE);
		if (end < value.length() && Character.isHighSurrogate(value.charAt(end - 1))) {
			end--;
		}
		for (int i = 0; i < end; i++) {
			char c = value.charAt(i);
			switch (c) {
				case '\\' -> quoted.append("\\\\");
				case '"' -> quoted.append("\\\"");
				case '\n' -> quoted.append("\\n");
				case '\r' -> quoted.append("\\r");
				case '\t' -> quoted.append("\\t");
				default -> {
					if (escaped(c)) {
						quoted.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
					}
					else {
						quoted.append(c);
					}
				}
			}
		}
		return quoted.append((end < value.length()) ? "…\"" : "\"").toString();
	}

	private static boolean escaped(int c) {
		return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x2028 || c == 0x2029;
	}

}
