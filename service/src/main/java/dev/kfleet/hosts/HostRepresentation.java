package dev.kfleet.hosts;

/**
 * How the operator API shows a host (the contract's {@code Host}): the inventory with its
 * agent and what its agent reports, which the observations module holds. That module
 * depends on this one, so the read side ({@code reports}) implements this interface and
 * the inventory's endpoints answer through it, as the host list does (ADR 0002).
 */
public interface HostRepresentation {

	/** The host as the operator API shows it. */
	Object of(Host host);

}
