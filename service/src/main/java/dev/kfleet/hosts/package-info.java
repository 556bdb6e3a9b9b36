/**
 * The host inventory: every machine kfleet knows, by the machine id its agent reports,
 * with the labels operators select hosts by. Hosts are registered idempotently,
 * relabelled with JSON merge patches, and decommissioned softly so that their history
 * stays; each of these is audited. Operators need the operator role to read command
 * lines.
 */
@NullMarked
@ApplicationModule(allowedDependencies = { "audit", "platform" })
package dev.kfleet.hosts;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
