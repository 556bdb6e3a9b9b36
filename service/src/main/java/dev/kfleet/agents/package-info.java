/**
 * The agent-facing side: enrollment secrets (admins create, limit and revoke them), host
 * tokens (an agent gets its own by enrolling), enrollment requests (attempts that need an
 * operator's approval, ADR 0025), and the agent API under {@code /agent/v1}: enroll,
 * check in, ping. A check-in is handed to the hosts module (state and history) and
 * answered with the desired state from the desiredstate module. Enrollments, their
 * approval and the secrets' lifecycle are audited.
 */
@NullMarked
@ApplicationModule(allowedDependencies = { "hosts", "desiredstate", "audit", "platform", "platform :: jsonschema" })
package dev.kfleet.agents;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
