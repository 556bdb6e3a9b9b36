/**
 * Rollouts: a kernel feature turned on (or off) across the fleet wave by wave, with a
 * failure budget, verified by what the agents report (issue 15, ADR 0033). So far it
 * holds the wave plan: which eligible host goes in which wave
 * ({@link dev.kfleet.rollouts.WavePlan}).
 */
@NullMarked
@ApplicationModule(allowedDependencies = { "platform" })
package dev.kfleet.rollouts;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
