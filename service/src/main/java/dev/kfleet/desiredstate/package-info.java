/**
 * The state each host should be in, as a versioned list of actions for its agent, and
 * what the agent reported doing about it. Each version has an owner (an operator's API
 * token, or a rollout); while it is in flight only its owner replaces it, unless the
 * caller forces it (ADR 0030). Operators set it per host over HTTP; the rollout engine
 * sets it for many hosts per call
 * ({@link dev.kfleet.desiredstate.DesiredStateService#set}). Agents receive it with every
 * check-in, from each replica's copy in memory (ADR 0028). Setting it is audited. It owns
 * the tables {@code desired_state} and {@code desired_state_result}.
 * <p>
 * Eighteen types, over the fifteen a module keeps to: ten are the small values of its
 * public API that the rollout engine speaks in ({@code DesiredState}, {@code Action},
 * {@code ActionRequest}, {@code ActionResult}, {@code DesiredStateOwner},
 * {@code OwnedVersion}, {@code SetOutcome}, the event {@code ActionResultsRecorded}, the
 * service and its properties); the rest are one feature (writing, keeping and showing
 * versions) whose parts do not stand alone.
 */
@NullMarked
@ApplicationModule(allowedDependencies = { "hosts", "audit", "platform" })
package dev.kfleet.desiredstate;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
