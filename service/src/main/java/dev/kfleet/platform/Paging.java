package dev.kfleet.platform;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * Checks a client's {@code limit} against the configured bounds.
 */
@Component
public class Paging {

	private final ApiProperties properties;

	Paging(ApiProperties properties) {
		this.properties = properties;
	}

	/** The page size to use: the default when none is given. */
	public int limit(@Nullable Integer limit) {
		if (limit == null) {
			return this.properties.defaultPageSize();
		}
		if (limit < 1 || limit > this.properties.maxPageSize()) {
			throw ApiException.invalid("limit", "must be between 1 and " + this.properties.maxPageSize());
		}
		return limit;
	}

}
