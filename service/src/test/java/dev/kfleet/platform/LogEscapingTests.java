package dev.kfleet.platform;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.env.Environment;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a log line quotes cannot forge another line: the service's logging configuration
 * ({@code logback-spring.xml}) escapes control characters in the text format, and the
 * structured format escapes them as JSON.
 */
class LogEscapingTests {

	static final String HOSTILE = "6.1.0\r\n2026-12-06T00:00:00.000Z ERROR forged line\u001b[2J";

	@AfterEach
	void clearFormat() {
		System.clearProperty("CONSOLE_LOG_STRUCTURED_FORMAT");
	}

	@Test
	void theTextFormatEscapesMessagesAndExceptionMessages() throws Exception {
		String output = log(() -> {
			Logger logger = this.context.getLogger("dev.kfleet.test");
			logger.info("Agent version {} checked in", HOSTILE);
			logger.warn("Failed", new IllegalStateException("bad\nforged exception line",
					new IllegalArgumentException("cause\rforged cause line")));
		});
		List<String> lines = Arrays.asList(output.split("\n"));
		assertThat(lines).noneMatch((line) -> line.startsWith("2026-12-06T00:00:00.000Z ERROR forged"))
			.noneMatch((line) -> line.startsWith("forged"))
			.anyMatch((line) -> line
				.contains("Agent version 6.1.0\\r\\n2026-12-06T00:00:00.000Z ERROR forged line\\u001b[2J checked in"))
			.anyMatch((line) -> line.equals("java.lang.IllegalStateException: bad\\nforged exception line"))
			.anyMatch((line) -> line
				.startsWith("Caused by: java.lang.IllegalArgumentException: cause\\rforged cause line"))
			.anyMatch((line) -> line.startsWith("\tat dev.kfleet.platform.LogEscapingTests"));
		assertThat(output).doesNotContain("\u001b").doesNotContain("\r");
	}

	@Test
	void theStructuredFormatEscapesThemAsJson() throws Exception {
		System.setProperty("CONSOLE_LOG_STRUCTURED_FORMAT", "ecs");
		String output = log(
				() -> this.context.getLogger("dev.kfleet.test").info("Agent version {} checked in", HOSTILE));
		List<String> lines = output.lines().toList();
		assertThat(lines).hasSize(1);
		JsonNode event = JsonMapper.builder().build().readTree(lines.getFirst());
		assertThat(event.get("message").stringValue()).isEqualTo("Agent version " + HOSTILE + " checked in");
		assertThat(output).doesNotContain("\u001b").doesNotContain("\r");
	}

	LoggerContext context;

	private String log(Runnable logging) throws Exception {
		PrintStream out = System.out;
		ByteArrayOutputStream captured = new ByteArrayOutputStream();
		System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
		try {
			this.context = new LoggerContext();
			this.context.setMDCAdapter(new LogbackMDCAdapter());
			this.context.putObject(Environment.class.getName(), new StandardEnvironment());
			JoranConfigurator configurator = new JoranConfigurator();
			configurator.setContext(this.context);
			configurator.doConfigure(getClass().getResource("/logback-spring.xml"));
			logging.run();
			this.context.stop();
		}
		finally {
			System.setOut(out);
		}
		return captured.toString(StandardCharsets.UTF_8);
	}

}
