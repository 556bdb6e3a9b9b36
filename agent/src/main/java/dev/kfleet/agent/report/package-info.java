/**
 * The host report: the records the agent fills from the kernel, and their JSON form. The
 * records match the {@code HostReport} schema in {@code openapi.yaml} one to one.
 */
package dev.kfleet.agent.report;
