/**
 * The host inventory: every machine kfleet knows, by the machine id its agent reports,
 * with the labels operators select hosts by (Kubernetes-style selectors). Hosts are
 * registered idempotently, read one at a time, relabelled with JSON merge patches, and
 * decommissioned softly so that their history stays
 * ({@link dev.kfleet.hosts.HostDecommissioned} tells the modules that hold something for
 * the host); each change is audited. It owns the table {@code host} and keeps each host's
 * facts (hostname, kernel release) as its agent reports them. What agents report is the
 * observations module's, the filtered host list the read side's ({@code reports}), which
 * also shows a host as the API does ({@link dev.kfleet.hosts.HostRepresentation}, ADR
 * 0002).
 */
@NullMarked
@ApplicationModule(allowedDependencies = { "audit", "platform" })
package dev.kfleet.hosts;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
