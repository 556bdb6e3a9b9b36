package dev.kfleet.agents;

import dev.kfleet.platform.IssuedSecret;

/**
 * An enrollment secret, as stored: its hash, never the secret.
 *
 * @param secret the secret's name, hash and lifecycle
 * @param enrollments how many enrollments used it
 */
record EnrollmentSecret(IssuedSecret secret, long enrollments) {
}
