package dev.kfleet.agent.daemon;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AgentLogTests {

	@Test
	void aValueFromTheServiceCannotForgeALine() {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		AgentLog log = new AgentLog(new PrintStream(out, true, StandardCharsets.UTF_8),
				Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC));
		log.warn("cycle-failed", "detail",
				"boom\nts=2026-12-01T00:00:00Z level=info event=enrolled\r\u001b[2J\u0085\u2028x");
		assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(
				"ts=2026-12-01T00:00:00Z level=warn event=cycle-failed detail=\"boom\\nts=2026-12-01T00:00:00Z level=info"
						+ " event=enrolled\\r\\u001b[2J\\u0085\\u2028x\"\n");
	}

	@Test
	void quotesWhatHasSpacesQuotesOrEqualsSignsAndCutsALongValue() {
		assertThat(AgentLog.quote("plain-value")).isEqualTo("plain-value");
		assertThat(AgentLog.quote("a=b")).isEqualTo("\"a=b\"");
		assertThat(AgentLog.quote("say \"hi\" \\ there")).isEqualTo("\"say \\\"hi\\\" \\\\ there\"");
		assertThat(AgentLog.quote("")).isEqualTo("\"\"");
		String cut = AgentLog.quote("x".repeat(5000));
		assertThat(cut).hasSize(AgentLog.MAX_VALUE + 3).endsWith("x…\"");
	}

}
