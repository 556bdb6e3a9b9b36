package dev.kfleet.hosts;

import java.util.UUID;

/**
 * Published in the transaction that decommissions a host, so that what other modules hold
 * for it (its agent's token) ends with it. Delivered to other modules after it commits,
 * and again after a restart if a listener did not finish (ADR 0032).
 *
 * @param hostId the host
 */
public record HostDecommissioned(UUID hostId) {
}
