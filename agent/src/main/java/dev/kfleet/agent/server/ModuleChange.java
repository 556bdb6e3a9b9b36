package dev.kfleet.agent.server;

/**
 * One kernel module an action loads, before and after ({@code ModuleChange} in
 * openapi.yaml). Loaded means present in the running kernel: built in, or a loadable
 * module the kernel lists as live.
 *
 * @param name the module, such as {@code vduse}
 * @param loadedBefore it was loaded before the action
 * @param loadedAfter it is loaded after the action
 */
public record ModuleChange(String name, boolean loadedBefore, boolean loadedAfter) {
}
