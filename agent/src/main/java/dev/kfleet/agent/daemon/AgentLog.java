package dev.kfleet.agent.daemon;

import java.io.PrintStream;
import java.time.Clock;
import java.time.temporal.ChronoUnit;

/**
 * Structured log lines on stderr, one per event: {@code ts=... level=info event=check-in
 * key=value ...}; values with spaces or quotes are quoted. Callers never pass secrets or
 * tokens: nothing here could tell them apart.
 */
public final class AgentLog {

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

	static String quote(String value) {
		boolean plain = !value.isEmpty() && value.chars().noneMatch((c) -> c <= ' ' || c == '"' || c == '=');
		if (plain) {
			return value;
		}
		return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
	}

}
