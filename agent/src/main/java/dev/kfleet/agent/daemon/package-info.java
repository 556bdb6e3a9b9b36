/**
 * The daemon ({@code kfleet-agent run}): its configuration, its state file, and the loop
 * that enrolls, collects, checks in, applies desired state and backs off on errors.
 */
package dev.kfleet.agent.daemon;
