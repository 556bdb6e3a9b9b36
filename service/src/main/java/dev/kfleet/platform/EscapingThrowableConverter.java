package dev.kfleet.platform;

import java.util.Arrays;

import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.logging.logback.ExtendedWhitespaceThrowableProxyConverter;

/**
 * Spring Boot's {@code %wEx} with the message of every exception in the chain (causes and
 * suppressed ones too) escaped as {@link EscapingMessageConverter} escapes messages: the
 * stack frames keep their lines, a message never makes one (ADR 0027). Registered in
 * {@code logback-spring.xml}.
 */
public class EscapingThrowableConverter extends ExtendedWhitespaceThrowableProxyConverter {

	@Override
	protected String throwableProxyToString(IThrowableProxy proxy) {
		return super.throwableProxyToString(new Escaped(proxy));
	}

	/** A throwable whose messages are escaped, all the way down. */
	private record Escaped(IThrowableProxy proxy) implements IThrowableProxy {

		@Override
		public @Nullable String getOverridingMessage() {
			String message = this.proxy.getOverridingMessage();
			return (message != null) ? Text.escapeControlCharacters(message) : null;
		}

		@Override
		public @Nullable String getMessage() {
			String message = this.proxy.getMessage();
			return (message != null) ? Text.escapeControlCharacters(message) : null;
		}

		@Override
		public String getClassName() {
			return this.proxy.getClassName();
		}

		@Override
		public StackTraceElementProxy[] getStackTraceElementProxyArray() {
			return this.proxy.getStackTraceElementProxyArray();
		}

		@Override
		public int getCommonFrames() {
			return this.proxy.getCommonFrames();
		}

		@Override
		public @Nullable IThrowableProxy getCause() {
			IThrowableProxy cause = this.proxy.getCause();
			return (cause != null) ? new Escaped(cause) : null;
		}

		@Override
		public IThrowableProxy[] getSuppressed() {
			IThrowableProxy[] suppressed = this.proxy.getSuppressed();
			return (suppressed != null) ? Arrays.stream(suppressed).map(Escaped::new).toArray(IThrowableProxy[]::new)
					: new IThrowableProxy[0];
		}

		@Override
		public boolean isCyclic() {
			return this.proxy.isCyclic();
		}

	}

}
