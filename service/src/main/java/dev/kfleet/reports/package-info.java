/**
 * The read side: what the operator sees of the whole fleet, read across modules. It owns
 * the fleet aggregates (computed by one replica per period, a fleet job, and stored as a
 * platform {@code FleetSnapshots} entry, from which every replica serves the same
 * {@code kfleet.fleet.*} gauges) and the filtered host list ({@code GET /api/v1/hosts}),
 * and shows hosts as the operator API does (the inventory with its agent and observed
 * state) for the hosts module too. It is the one module that reads other modules' tables
 * ({@code host}, {@code host_agent}, {@code host_state}, {@code host_hugetlb_pool},
 * {@code host_vduse_device}, {@code host_report}), and it never writes them (ADR 0002).
 * It owns the report API too: the memory and VDUSE reports (the whole fleet's computed by
 * one replica and stored in {@code report_fleet_report}, narrowed ones on request, ADR
 * 0041) and the memory report's daily history ({@code report_memory_day}, ADR 0042).
 */
@NullMarked
@ApplicationModule(allowedDependencies = { "hosts", "observations", "platform" })
package dev.kfleet.reports;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
