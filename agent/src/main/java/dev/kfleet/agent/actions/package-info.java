/**
 * The closed set of actions the agent applies for a desired state (HVO switch, rebuild of
 * free HugeTLB pages), the kernel interface they write through, and the sysctl drop-in.
 */
package dev.kfleet.agent.actions;
