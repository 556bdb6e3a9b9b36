package dev.kfleet.agent.report;

import java.util.List;

/**
 * VDUSE on this host: support, the modules, and every VDUSE device.
 *
 * @param supported whether this kernel can run VDUSE devices
 * @param supportReason why it can or cannot, in words
 * @param loaded whether the vduse module is loaded ({@code /sys/class/vduse} exists)
 * @param modules the four kernel modules VDUSE needs
 * @param devices every VDUSE device, by name
 * @param processScan how many processes were scanned for open device nodes
 */
public record VduseReport(Reading<Boolean> supported, @MaxLength(1000) String supportReason, boolean loaded,
		List<KernelModule> modules, Reading<List<VduseDevice>> devices, Reading<ProcessScan> processScan) {

	public VduseReport {
		modules = List.copyOf(modules);
	}

}
