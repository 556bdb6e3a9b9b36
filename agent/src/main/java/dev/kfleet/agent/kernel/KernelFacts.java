package dev.kfleet.agent.kernel;

import dev.kfleet.agent.report.KernelConfig;
import dev.kfleet.agent.report.KernelInfo;
import dev.kfleet.agent.report.Reading;

/**
 * What the other collectors need to know about the kernel: the reported
 * {@link KernelInfo}, plus its parsed version and boot parameters.
 *
 * @param info the kernel section of the report
 * @param version the parsed release version
 * @param bootParameters the parsed command line
 */
public record KernelFacts(KernelInfo info, Reading<KernelVersion> version, Reading<BootParameters> bootParameters) {

	/**
	 * Returns the kernel configuration.
	 * @return the configuration, or why there is none
	 */
	public Reading<KernelConfig> config() {
		return this.info.config();
	}

	/**
	 * Returns the base page size.
	 * @return the page size in bytes, or why it is unknown
	 */
	public Reading<Long> pageSize() {
		return this.info.pageSizeBytes();
	}

}
