package dev.kfleet.hosts;

import java.util.UUID;

/**
 * Published in the transaction that decommissions a host, so that what other modules hold
 * for it (its agent's token) ends with it.
 *
 * @param hostId the host
 */
public record HostDecommissioned(UUID hostId) {
}
