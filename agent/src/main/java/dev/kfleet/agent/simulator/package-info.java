/**
 * The fleet simulator ({@code kfleet-agent simulate}): many virtual hosts in one JVM,
 * each with a modeled kernel that reacts to desired state as a real one does, speaking
 * the agent API through the agent's own client, report model and actions.
 */
package dev.kfleet.agent.simulator;
