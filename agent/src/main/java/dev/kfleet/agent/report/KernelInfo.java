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
public record KernelInfo(@MaxLength(128) Reading<String> release, @MaxLength(256) Reading<String> version,
		@MaxLength(64) Reading<String> architecture, Reading<Long> pageSizeBytes,
		@MaxLength(4096) Reading<String> commandLine, @MaxLength(64) Reading<String> bootId,
		Reading<KernelConfig> config) {
}
