/**
 * The audit log: who did what to what, for every change that matters to security or to
 * the fleet's state (tokens, enrollment secrets, enrollments and their approval, hosts,
 * desired state). Other modules record through {@link dev.kfleet.audit.AuditLog}, in the
 * transaction of the change; admins read it at {@code /api/v1/audit-events}. It owns the
 * table {@code audit_event}.
 */
@NullMarked
@ApplicationModule(allowedDependencies = "platform")
package dev.kfleet.audit;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
