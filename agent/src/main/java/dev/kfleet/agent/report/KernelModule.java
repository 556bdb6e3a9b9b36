package dev.kfleet.agent.report;

/**
 * A kernel module and whether it is there.
 *
 * @param name the module name, such as {@code vduse}
 * @param configOption the configuration option that builds it
 * @param config that option's value
 * @param state whether the module is built in, loaded, not loaded or not built
 */
public record KernelModule(@MaxLength(32) String name, @MaxLength(32) String configOption,
		@MaxLength(256) Reading<String> config, Reading<ModuleState> state) {
}
