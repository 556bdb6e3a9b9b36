/**
 * The read side: what the operator sees of the whole fleet, read across modules. It owns
 * the fleet aggregates (computed by one replica per period, a fleet job, and stored in
 * {@code report_fleet_snapshot}, from which every replica serves the same
 * {@code kfleet.fleet.*} gauges) and the filtered host list ({@code GET /api/v1/hosts}),
 * and shows hosts as the operator API does (the inventory with its agent and observed
 * state) for the hosts module too. It is the one module that reads other modules' tables
 * ({@code host}, {@code host_agent}, {@code host_state}, {@code host_hugetlb_pool},
 * {@code host_vduse_device}), and it never writes them (ADR 0002). The report API will
 * come here.
 */
@NullMarked
@ApplicationModule(allowedDependencies = { "hosts", "observations", "platform" })
package dev.kfleet.reports;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
