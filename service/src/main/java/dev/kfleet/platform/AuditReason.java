package dev.kfleet.platform;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * The reason a caller gives for an operator action, recorded on every audit event the
 * request writes (ADR 0040): the {@value #HEADER} header on any {@link AuditedOperation},
 * or a reason a module reads from a body. Hostile input (ADR 0027): printable ASCII in
 * the header, other characters percent-encoded as UTF-8 ({@code %C3%A9} for é,
 * {@code %25} for {@code %}); at most {@value #MAX_LENGTH} code points once decoded; no
 * control character. An empty or blank value is no reason.
 */
public final class AuditReason {

	/** The request header that carries the reason. */
	public static final String HEADER = "Kfleet-Audit-Reason";

	/** The longest reason, in Unicode code points. */
	public static final int MAX_LENGTH = 500;

	/** The request attribute that holds the current request's reason once it is read. */
	static final String ATTRIBUTE = AuditReason.class.getName();

	private static final String ENCODING = "must be printable ASCII, with other characters percent-encoded as UTF-8 "
			+ "(%C3%A9 for \u00e9, %25 for %)";

	private AuditReason() {
	}

	/**
	 * The reason the operator request this thread serves gave in its {@value #HEADER}
	 * header, or {@code null} when it gave none (or the thread serves no such request).
	 */
	public static @Nullable String current() {
		RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
		return (attributes != null
				&& attributes.getAttribute(ATTRIBUTE, RequestAttributes.SCOPE_REQUEST) instanceof String reason)
						? reason : null;
	}

	/**
	 * What is wrong with a reason (decoded), or {@code null} when nothing is: it is too
	 * long or holds a control character (U+0000–U+001F, U+007F–U+009F) or a line or
	 * paragraph separator (U+2028, U+2029).
	 */
	public static @Nullable String problem(String reason) {
		if (Text.length(reason) > MAX_LENGTH) {
			return "must be at most " + MAX_LENGTH + " characters (Unicode code points)";
		}
		for (int i = 0; i < reason.length(); i++) {
			char c = reason.charAt(i);
			if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
				return "must not contain control characters (U+0000-U+001F, U+007F-U+009F) or line separators";
			}
		}
		return null;
	}

	/**
	 * The reason in a request's {@value #HEADER} header, decoded and checked, or
	 * {@code null} when there is none.
	 * @throws ApiException (400, naming the header) when it is invalid
	 */
	static @Nullable String read(HttpServletRequest request) {
		List<String> values;
		try {
			Enumeration<String> headers = request.getHeaders(HEADER);
			values = (headers != null) ? Collections.list(headers) : List.of();
		}
		catch (RequestRejectedException ex) {
			throw ApiException.invalid(HEADER, ENCODING);
		}
		if (values.isEmpty()) {
			return null;
		}
		if (values.size() > 1) {
			throw ApiException.invalid(HEADER, "must be given once");
		}
		String reason = decode(values.getFirst());
		if (reason.isBlank()) {
			return null;
		}
		String problem = problem(reason);
		if (problem != null) {
			throw ApiException.invalid(HEADER, problem);
		}
		return reason.strip();
	}

	/** Percent-decodes a header value into UTF-8 text. */
	static String decode(String value) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(value.length());
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c < 0x20 || c > 0x7e) {
				throw ApiException.invalid(HEADER, ENCODING);
			}
			if (c != '%') {
				bytes.write(c);
				continue;
			}
			int high = (i + 2 < value.length()) ? hex(value.charAt(i + 1)) : -1;
			int low = (high >= 0) ? hex(value.charAt(i + 2)) : -1;
			if (low < 0) {
				throw ApiException.invalid(HEADER,
						"'%' must start a percent-encoded byte such as %C3 (%25 for % itself)");
			}
			bytes.write(high * 16 + low);
			i += 2;
		}
		try {
			return StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(bytes.toByteArray()))
				.toString();
		}
		catch (CharacterCodingException ex) {
			throw ApiException.invalid(HEADER, "percent-encoded bytes must be UTF-8");
		}
	}

	private static int hex(char c) {
		if (c >= '0' && c <= '9') {
			return c - '0';
		}
		if (c >= 'a' && c <= 'f') {
			return c - 'a' + 10;
		}
		return (c >= 'A' && c <= 'F') ? c - 'A' + 10 : -1;
	}

}
