/**
 * Reads the running kernel's identity, boot command line and configuration.
 */
package dev.kfleet.agent.kernel;
