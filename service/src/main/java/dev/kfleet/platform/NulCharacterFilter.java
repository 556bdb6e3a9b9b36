package dev.kfleet.platform;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses (400) a request whose path, query parameters or header values hold U+0000,
 * before anything reads them: the one place the rule is kept outside bodies (which the
 * mapper's parsers check, {@link NulRefusingJsonFactory}). PostgreSQL cannot hold U+0000
 * in text, so a filter or a name carrying one must never reach it (ADR 0027).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 5)
class NulCharacterFilter extends OncePerRequestFilter {

	private static final String ENCODED_NUL = "%00";

	private static final String MESSAGE = "must not contain U+0000 (NUL)";

	private final Problems problems;

	NulCharacterFilter(Problems problems) {
		this.problems = problems;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		List<FieldViolation> violations = new ArrayList<>();
		if (request.getRequestURI().contains(ENCODED_NUL)) {
			violations.add(new FieldViolation("path", MESSAGE));
		}
		String query = request.getQueryString();
		if (query != null && query.contains(ENCODED_NUL)) {
			queryViolations(query, violations);
		}
		headerViolations(request, violations);
		if (violations.isEmpty()) {
			chain.doFilter(request, response);
			return;
		}
		this.problems.write(request, response,
				Problems.of(ApiProblem.INVALID_REQUEST, violations.getFirst().field() + ": " + MESSAGE, violations));
	}

	private static void queryViolations(String query, List<FieldViolation> violations) {
		for (String pair : query.split("&")) {
			if (pair.contains(ENCODED_NUL)) {
				int equals = pair.indexOf('=');
				violations.add(new FieldViolation(name((equals >= 0) ? pair.substring(0, equals) : pair), MESSAGE));
			}
		}
	}

	private static void headerViolations(HttpServletRequest request, List<FieldViolation> violations) {
		Enumeration<String> names = request.getHeaderNames();
		while (names.hasMoreElements()) {
			String name = names.nextElement();
			boolean nul = Text.containsNul(name);
			Enumeration<String> values = request.getHeaders(name);
			while (!nul && values.hasMoreElements()) {
				nul = Text.containsNul(values.nextElement());
			}
			if (nul) {
				violations.add(new FieldViolation(Text.escapeControlCharacters(name), MESSAGE));
			}
		}
	}

	private static String name(String encoded) {
		try {
			return Text.escapeControlCharacters(URLDecoder.decode(encoded, StandardCharsets.UTF_8));
		}
		catch (IllegalArgumentException ex) {
			return Text.escapeControlCharacters(encoded);
		}
	}

}
