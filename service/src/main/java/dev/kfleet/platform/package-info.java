/**
 * What every feature module stands on: RFC 9457 problem documents for every error,
 * bearer-token security for the operator API, cursor pagination, request size limits, ids
 * and the clock. It depends on no other module.
 */
@NullMarked
@ApplicationModule(allowedDependencies = {})
package dev.kfleet.platform;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
