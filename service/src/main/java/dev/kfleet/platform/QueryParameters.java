package dev.kfleet.platform;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The query parameters of a request, so that a handler can refuse the ones it does not
 * know: a mistyped filter ({@code selecter=env=prod}) must fail loudly instead of
 * silently matching every host.
 */
public final class QueryParameters {

	private final List<String> names;

	QueryParameters(HttpServletRequest request) {
		this.names = Collections.list(request.getParameterNames());
	}

	/** Refuses the request (400) if it has a query parameter not in {@code allowed}. */
	public void allowOnly(String... allowed) {
		Set<String> known = Set.of(allowed);
		List<FieldViolation> unknown = new ArrayList<>();
		for (String name : this.names) {
			if (!known.contains(name)) {
				unknown.add(new FieldViolation(name, "unknown query parameter; known: " + String.join(", ", allowed)));
			}
		}
		if (!unknown.isEmpty()) {
			throw ApiException.invalid(unknown);
		}
	}

}
