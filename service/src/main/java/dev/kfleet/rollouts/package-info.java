/**
 * Rollouts: a kernel feature turned on (or off) across the fleet wave by wave, with a
 * failure budget, verified by what the agents report (issue 15, ADR 0033, ADR 0035). It
 * plans the waves ({@link dev.kfleet.rollouts.WavePlan}), serves
 * {@code /api/v1/rollouts}, and reconciles every active rollout in a fleet job
 * ({@link dev.kfleet.rollouts.RolloutReconciler}): it sets hosts' desired state through
 * the desired-state module's bulk API, as their owner, and holds them meanwhile
 * ({@link dev.kfleet.desiredstate.DesiredStateHolds}); it learns the outcomes from the
 * results and reports the observations module stores, read in one query per rollout and
 * tick. It owns the tables {@code rollout} and {@code rollout_host}.
 * <p>
 * About 28 classes, over the style guide's 15: one feature whose pieces (the spec, the
 * states, the verdicts, the repositories' rows, the reconciler's steps) share
 * package-private types; kept flat so that the compiler keeps them package-private (ADR
 * 0002), its only public types being {@link RolloutsProperties} and what Spring needs.
 */
@NullMarked
@ApplicationModule(allowedDependencies = { "platform", "hosts", "observations", "desiredstate", "audit" })
package dev.kfleet.rollouts;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
