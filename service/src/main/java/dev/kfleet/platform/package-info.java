/**
 * What every feature module stands on: RFC 9457 problem documents for every error,
 * bearer-token security for the operator API, cursor pagination, request size limits, ids
 * and the clock, the runner of fleet jobs ({@link dev.kfleet.platform.FleetJob}, once per
 * fleet, ADR 0031), and what surrounds each audited operator operation: the reason header
 * and the refusals, recorded through {@link dev.kfleet.platform.OperationRefusals} (ADR
 * 0040). It depends on no other module and starts with every module in the module tests
 * (a shared module). It owns the tables of two libraries: {@code scheduled_tasks}
 * (db-scheduler's, one row per fleet job) and {@code event_publication} (Spring
 * Modulith's registry of durable events, ADR 0032). Its JSON Schema engine is a named
 * interface of its own ({@code platform :: jsonschema}).
 * <p>
 * About 50 classes, over the style guide's 15: not one feature but the small pieces every
 * feature needs (problems, security, input checks, rate limits, the database watch,
 * paging, issued secrets, fleet jobs, audited operations), most of them public by nature.
 * Splitting them into modules would give every feature module a list of infrastructure
 * dependencies to declare and no guard it lacks today.
 */
@NullMarked
@ApplicationModule(allowedDependencies = {})
package dev.kfleet.platform;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
