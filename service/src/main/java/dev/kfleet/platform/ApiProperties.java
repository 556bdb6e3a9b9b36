package dev.kfleet.platform;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Limits of the HTTP API.
 *
 * @param maxRequestSize the largest request body accepted; larger ones get 413
 * @param defaultPageSize the page size of a list when the client gives no {@code limit}
 * @param maxPageSize the largest {@code limit} a client may ask for
 */
@Validated
@ConfigurationProperties("kfleet.api")
public record ApiProperties(@PositiveDataSize @DefaultValue("1MB") DataSize maxRequestSize,
		@Min(1) @Max(10_000) @DefaultValue("100") int defaultPageSize,
		@Min(1) @Max(10_000) @DefaultValue("500") int maxPageSize) {
}
