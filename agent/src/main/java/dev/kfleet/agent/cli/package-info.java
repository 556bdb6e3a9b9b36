/**
 * The command line: {@code collect}, {@code explain}, and the hidden {@code bench}.
 */
package dev.kfleet.agent.cli;
