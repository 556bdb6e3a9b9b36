/**
 * The agent-facing side: enrollment secrets (admins create and revoke them), host tokens
 * (an agent gets its own by enrolling), and the agent API under {@code /agent/v1}:
 * enroll, check in, ping. A check-in is handed to the hosts module (state and history)
 * and answered with the desired state from the desiredstate module.
 */
@NullMarked
@ApplicationModule(allowedDependencies = { "hosts", "desiredstate", "platform" })
package dev.kfleet.agents;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
