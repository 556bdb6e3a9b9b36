package dev.kfleet.agent.report;

/**
 * Whether a kernel module is available.
 */
public enum ModuleState {

	/** Built into the kernel. */
	BUILTIN,

	/** Built as a module and loaded. */
	LOADED,

	/** Built as a module, not loaded. */
	NOT_LOADED,

	/** Not built for this kernel. */
	NOT_BUILT

}
