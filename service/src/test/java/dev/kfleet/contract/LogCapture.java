package dev.kfleet.contract;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import org.slf4j.LoggerFactory;

/**
 * The service's log events, while it is open, that carry a stack trace or are errors.
 */
final class LogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {

	private final List<String> events = new CopyOnWriteArrayList<>();

	private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

	static LogCapture attach() {
		LogCapture capture = new LogCapture();
		capture.setContext(capture.root.getLoggerContext());
		capture.start();
		capture.root.addAppender(capture);
		return capture;
	}

	@Override
	protected void append(ILoggingEvent event) {
		if (event.getThrowableProxy() != null || event.getLevel().isGreaterOrEqual(Level.ERROR)) {
			this.events.add(event.getLevel() + " " + event.getLoggerName() + ": " + event.getFormattedMessage()
					+ ((event.getThrowableProxy() != null) ? " — " + event.getThrowableProxy().getClassName() + ": "
							+ event.getThrowableProxy().getMessage() : ""));
		}
	}

	/** What was logged with a stack trace (or as an error) so far. */
	List<String> stackTraces() {
		return List.copyOf(this.events);
	}

	@Override
	public void close() {
		this.root.detachAppender(this);
		stop();
	}

}
