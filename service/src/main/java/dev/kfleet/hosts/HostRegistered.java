package dev.kfleet.hosts;

import java.util.UUID;

/**
 * Published in the transaction that adds a host to the active inventory: a new machine
 * (registered by an operator or enrolled by its agent), or a decommissioned one that is
 * active again. Delivered to other modules after it commits, and again after a restart if
 * a listener did not finish (ADR 0032).
 *
 * @param hostId the host
 */
public record HostRegistered(UUID hostId) {
}
