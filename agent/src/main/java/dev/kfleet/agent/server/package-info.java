/**
 * The agent API client ({@code /agent/v1} of {@code openapi.yaml}): enroll, check in and
 * ping over {@code java.net.http}, with typed requests, responses and errors. The daemon
 * and the fleet simulator share it.
 */
package dev.kfleet.agent.server;
