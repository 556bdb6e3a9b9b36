package dev.kfleet.platform;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

import org.springframework.http.converter.HttpMessageNotReadableException;

/**
 * Says why a request body could not be read, naming the member that broke it (a JSON path
 * such as {@code labels.env} or {@code actionResults[0].detail}), without echoing Java
 * class names back to the client.
 */
final class MalformedBody {

	/** A syntax error: where it is is the line and column, not a member. */
	private static final String NOT_JSON = "is not well-formed JSON: ";

	private MalformedBody() {
	}

	static ApiException of(HttpMessageNotReadableException ex) {
		return of(ex.getMostSpecificCause());
	}

	static ApiException of(Throwable cause) {
		if (!(cause instanceof JacksonException json)) {
			return new ApiException(ApiProblem.MALFORMED_BODY, "The request body is missing or cannot be read");
		}
		String message = message(json);
		String field = (message.startsWith(NOT_JSON)) ? "" : field(json);
		String detail = (field.isEmpty() ? "The body " : "'" + field + "' ") + message + where(json);
		return new ApiException(ApiProblem.MALFORMED_BODY, detail,
				field.isEmpty() ? List.of() : List.of(new FieldViolation(field, message)));
	}

	private static String message(JacksonException ex) {
		if (ex instanceof UnrecognizedPropertyException) {
			return "is not a known member";
		}
		if (ex instanceof NulRefusingJsonFactory.NulCharacterException) {
			return "must not contain U+0000 (NUL)";
		}
		if (ex instanceof InvalidFormatException invalid && Instant.class.equals(invalid.getTargetType())) {
			return Instants.RULE;
		}
		if (ex instanceof MismatchedInputException mismatch) {
			return "must be " + kind(mismatch.getTargetType());
		}
		if (ex instanceof InputCoercionException) {
			return "is a number out of range";
		}
		if (ex instanceof StreamConstraintsException) {
			return "is too deeply nested or too long a number (" + Text.escapeControlCharacters(ex.getOriginalMessage())
					+ ")";
		}
		String original = ex.getOriginalMessage();
		if (original != null && original.startsWith("Duplicate Object property")) {
			return "is named twice";
		}
		return NOT_JSON + Text.escapeControlCharacters(String.valueOf(original));
	}

	private static String kind(@Nullable Class<?> type) {
		if (type == null) {
			return "of another type";
		}
		if (CharSequence.class.isAssignableFrom(type) || type.isEnum()) {
			return "a string";
		}
		if (Instant.class.equals(type)) {
			return "a string (" + Instants.RULE.substring("must be ".length()) + ")";
		}
		if (type == Boolean.class || type == boolean.class) {
			return "true or false";
		}
		if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
			return "an integer in range";
		}
		if (Collection.class.isAssignableFrom(type) || type.isArray()) {
			return "an array";
		}
		return (Map.class.isAssignableFrom(type) || type.isRecord()) ? "an object" : "of another type";
	}

	/**
	 * Where the parser stood when it failed (an absolute path, also when only part of the
	 * body was bound), else the path the binding recorded.
	 */
	static String field(JacksonException ex) {
		if (ex.processor() instanceof JsonParser parser && parser.streamReadContext() != null) {
			String path = path(parser.streamReadContext());
			if (!path.isEmpty()) {
				return path;
			}
		}
		StringBuilder path = new StringBuilder();
		for (JacksonException.Reference reference : ex.getPath()) {
			if (reference.getPropertyName() != null) {
				append(path, reference.getPropertyName());
			}
			else if (reference.getIndex() >= 0) {
				path.append('[').append(reference.getIndex()).append(']');
			}
		}
		return path.toString();
	}

	private static String path(TokenStreamContext context) {
		StringBuilder path = new StringBuilder();
		appendPath(path, context);
		return path.toString();
	}

	private static void appendPath(StringBuilder path, @Nullable TokenStreamContext context) {
		if (context == null || context.inRoot()) {
			return;
		}
		appendPath(path, context.getParent());
		if (context.inObject() && context.currentName() != null) {
			append(path, context.currentName());
		}
		else if (context.inArray() && context.hasCurrentIndex()) {
			path.append('[').append(context.getCurrentIndex()).append(']');
		}
	}

	private static void append(StringBuilder path, String name) {
		if (!path.isEmpty()) {
			path.append('.');
		}
		path.append(Text.escapeControlCharacters(name));
	}

	private static String where(JacksonException ex) {
		TokenStreamLocation location = ex.getLocation();
		if (location == null || location.getLineNr() < 1) {
			return "";
		}
		return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
	}

}
