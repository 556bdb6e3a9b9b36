package dev.kfleet.platform;

import org.springframework.util.unit.DataSize;

/**
 * A module's own request size limit for the paths under a prefix; the longest matching
 * prefix wins, and paths no module claims get {@code kfleet.api.max-request-size}.
 *
 * @param pathPrefix the paths it applies to, e.g. {@code /agent/}
 * @param maxSize the largest body accepted there
 */
public record RequestSizeLimit(String pathPrefix, DataSize maxSize) {
}
