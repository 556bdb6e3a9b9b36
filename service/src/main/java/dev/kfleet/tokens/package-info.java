/**
 * API tokens of the operator API: admins create, list and revoke them; each has a role
 * (viewer, operator, admin). Tokens are stored hashed and shown once. A bootstrap admin
 * token comes from configuration so that the first admin can get in. Creating and
 * revoking a token is audited. It owns the table {@code api_token}.
 */
@NullMarked
@ApplicationModule(allowedDependencies = { "audit", "platform" })
package dev.kfleet.tokens;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
