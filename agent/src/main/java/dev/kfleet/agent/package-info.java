/**
 * The per-host kfleet agent: reads the kernel into a host report.
 */
package dev.kfleet.agent;
