package dev.kfleet.platform;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * {@code %m} of the text log format with every control character escaped
 * ({@link Text#escapeControlCharacters}): an agent version, a name or a path a message
 * quotes cannot start a forged log line or move the terminal's cursor (ADR 0027).
 * Registered in {@code logback-spring.xml}.
 */
public class EscapingMessageConverter extends MessageConverter {

	@Override
	public String convert(ILoggingEvent event) {
		return Text.escapeControlCharacters(super.convert(event));
	}

}
