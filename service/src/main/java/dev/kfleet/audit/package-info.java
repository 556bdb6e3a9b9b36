/**
 * The audit log: who (with the role of an API token) did what to what, how it ended and
 * why, for every change that matters to security or to the fleet's state (tokens,
 * enrollment secrets, enrollments and their approval, hosts, desired state). Other
 * modules record through {@link dev.kfleet.audit.AuditLog}, in the transaction of the
 * change, with the reason the request gave; refusals of operator operations are recorded
 * by {@code AuditedRefusals} for platform; admins read it at
 * {@code /api/v1/audit-events}; the {@code audit-retention} fleet job deletes what is
 * older than {@code kfleet.audit.retention} (ADR 0040). It owns the table
 * {@code audit_event}.
 */
@NullMarked
@ApplicationModule(allowedDependencies = "platform")
package dev.kfleet.audit;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
