package dev.kfleet.platform;

import java.sql.SQLException;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * What a failure of the database means to the caller.
 */
public final class DatabaseFailures {

	/**
	 * The exceptions that mean the database could not be reached, dropped the connection,
	 * or could not begin, commit or roll back a transaction: worth retrying later (503),
	 * and never the request's fault.
	 */
	private static final Class<?>[] UNAVAILABLE = { DataAccessResourceFailureException.class,
			TransientDataAccessException.class, RecoverableDataAccessException.class,
			CannotCreateTransactionException.class, TransactionSystemException.class };

	private DatabaseFailures() {
	}

	/**
	 * Whether the exception means the database is unavailable (see {@link #UNAVAILABLE}).
	 */
	public static boolean isUnavailable(Throwable ex) {
		for (Class<?> kind : UNAVAILABLE) {
			if (kind.isInstance(ex)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The SQLSTATE and the first line of the database's message, for a log or a problem
	 * detail: never the statement or its parameters.
	 */
	public static String describe(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof SQLException sql) {
				String message = String.valueOf(sql.getMessage()).lines().findFirst().orElse("");
				return "SQLSTATE " + sql.getSQLState() + ": " + message;
			}
		}
		return ex.getClass().getSimpleName();
	}

}
