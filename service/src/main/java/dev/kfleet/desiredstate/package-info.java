/**
 * The state each host should be in, as a versioned list of actions for its agent, and
 * what the agent reported doing about it. Operators set it per host today; the rollout
 * engine will set it wave by wave. Agents receive it with every check-in. Setting it is
 * audited.
 */
@NullMarked
@ApplicationModule(allowedDependencies = { "hosts", "audit", "platform" })
package dev.kfleet.desiredstate;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
