/**
 * What agents report about their hosts, and the check-in loop that takes it (ADR 0009,
 * 0022, 0023, 0028): the check-in policy ({@link dev.kfleet.observations.CheckInService},
 * the one service the agents module calls for a check-in and to start an agent's session
 * when it enrolls), the report batcher and the observation recorder and cache,
 * heartbeats, agent sessions and presence, the observed state with HugeTLB pools and
 * VDUSE devices, the latest reports, the change history, and the check that the database
 * still holds the reports agents were told it holds (with the reaction to a replaced
 * database). It owns the tables {@code host_agent}, {@code host_state},
 * {@code host_hugetlb_pool}, {@code host_vduse_device}, {@code host_report} and
 * {@code host_change}, and serves a host's report, history and VDUSE devices. The read
 * side reads what it holds through {@link dev.kfleet.observations.ObservationService}.
 * After each batch of reports it publishes what changed
 * ({@link dev.kfleet.observations.ObservationsChanged}, a durable event, ADR 0032), and
 * its stale-host scan (a fleet job) announces agents that went stale or came back.
 * <p>
 * About 20 classes, over the style guide's 15: one feature whose pieces share
 * package-private types (sessions, the recorder's batches, the repositories' rows) on the
 * hot path of every check-in. Kept flat so that the compiler keeps them package-private
 * (ADR 0002); its public types are the two services, the records they return and its
 * properties.
 */
@NullMarked
@ApplicationModule(allowedDependencies = { "hosts", "desiredstate", "platform" })
package dev.kfleet.observations;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
