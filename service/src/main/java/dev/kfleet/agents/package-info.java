/**
 * The agent-facing side: enrollment secrets (admins create, limit and revoke them), host
 * tokens (an agent gets its own by enrolling), enrollment requests (attempts that need an
 * operator's approval, ADR 0025), and the agent API under {@code /agent/v1}: enroll,
 * check in, ping. It parses and checks what agents send (a report against the contract's
 * {@code HostReport}, with the JSON Schema engine) and hands a check-in, and the start of
 * an enrolled agent's session, to the observations module's check-in policy, which
 * answers with the desired state. Enrollments, their approval and the secrets' lifecycle
 * are audited. It owns the tables {@code enrollment_secret}, {@code agent_credential} and
 * {@code enrollment_request}.
 * <p>
 * About 28 classes, over the style guide's 15: one feature (letting agents in and serving
 * them) whose parts, secrets, requests and tokens, are decided together in the one
 * transaction of an enrollment and share package-private types (the attempt, the
 * admission, the principals). Kept flat so that the compiler keeps them package-private
 * (ADR 0002); a split into enrollment and the agent API is the next step if it grows.
 */
@NullMarked
@ApplicationModule(allowedDependencies = { "hosts", "observations", "desiredstate", "audit", "platform",
		"platform :: jsonschema" })
package dev.kfleet.agents;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
