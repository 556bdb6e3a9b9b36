package dev.kfleet.platform;

import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

import org.springframework.http.converter.HttpMessageNotReadableException;

/**
 * Says in one sentence why a request body could not be read, without echoing Java class
 * names back to the client.
 */
final class MalformedBody {

	private MalformedBody() {
	}

	static String describe(HttpMessageNotReadableException ex) {
		return describe(ex.getMostSpecificCause());
	}

	static String describe(Throwable cause) {
		if (cause instanceof UnrecognizedPropertyException unknown) {
			return "Unknown field '" + unknown.getPropertyName() + "'" + where(unknown);
		}
		if (cause instanceof MismatchedInputException mismatch) {
			return "Wrong type or shape at " + path(mismatch) + where(mismatch);
		}
		if (cause instanceof JacksonException json) {
			return "Malformed JSON" + where(json) + ": " + json.getOriginalMessage();
		}
		return "The request body is missing or cannot be read";
	}

	private static String path(DatabindException ex) {
		String path = ex.getPath()
			.stream()
			.map((ref) -> (ref.getPropertyName() != null) ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
			.reduce((a, b) -> b.startsWith("[") ? a + b : a + "." + b)
			.orElse("");
		return path.isEmpty() ? "the document root" : "'" + path + "'";
	}

	private static String where(JacksonException ex) {
		TokenStreamLocation location = ex.getLocation();
		if (location == null || location.getLineNr() < 1) {
			return "";
		}
		return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
	}

}
