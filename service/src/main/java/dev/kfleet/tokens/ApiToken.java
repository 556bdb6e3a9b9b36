package dev.kfleet.tokens;

import dev.kfleet.platform.IssuedSecret;
import dev.kfleet.platform.Role;

/**
 * An API token, as stored: its hash, never the token itself.
 *
 * @param secret the token's name, hash and lifecycle
 * @param role what it may do
 */
record ApiToken(IssuedSecret secret, Role role) {
}
