package dev.kfleet.agent.report;

/**
 * The running kernel's identity and the configuration options that matter to kfleet.
 *
 * @param release the release, as {@code uname -r} prints it
 * @param version the build version, as {@code uname -v} prints it
 * @param architecture the machine architecture, as {@code uname -m} prints it
 * @param pageSizeBytes the base page size
 * @param commandLine the boot command line
 * @param bootId the random id of this boot
 * @param config the relevant kernel configuration options
 */
public record KernelInfo(Reading<String> release, Reading<String> version, Reading<String> architecture,
		Reading<Long> pageSizeBytes, Reading<String> commandLine, Reading<String> bootId,
		Reading<KernelConfig> config) {
}
