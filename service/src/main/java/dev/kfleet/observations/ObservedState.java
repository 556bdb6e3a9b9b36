package dev.kfleet.observations;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What a host's latest report says, in the fields that lists filter on and reports
 * aggregate.
 *
 * @param reportedAt when the report arrived
 * @param hvo {@code on}, {@code off}, {@code unsupported} or {@code unknown}
 * @param hvoSupported whether the kernel can do HVO
 * @param hvoSwitchOn the runtime switch
 * @param hvoReclaimedBytes vmemmap bytes HVO has freed
 * @param hvoReclaimableBytes vmemmap bytes it would free with every page optimized
 * @param hvoAdditionalBytes the difference
 * @param pools the HugeTLB pools, by page size
 * @param vduseSupported whether the kernel can do VDUSE
 * @param vduseDeviceCount how many VDUSE devices exist
 * @param hvoSwitchPersisted the value the boot-time sysctl configuration sets the switch
 * to ({@code hvo.switchPersisted}); null when nothing sets it, when it could not be read,
 * or when the agent predates the member
 * @param vduseModulesLoaded whether {@code vdpa}, {@code vduse}, {@code virtio_vdpa} and
 * {@code vhost_vdpa} are all in the kernel (built in or loaded); false when one is not
 * loaded or not built, null when the report leaves one unknown
 * @param facts what the fleet's reports aggregate and group by besides
 */
public record ObservedState(Instant reportedAt, String hvo, @Nullable Boolean hvoSupported,
		@Nullable Boolean hvoSwitchOn, @Nullable Long hvoReclaimedBytes, @Nullable Long hvoReclaimableBytes,
		@Nullable Long hvoAdditionalBytes, List<Pool> pools, @Nullable Boolean vduseSupported, int vduseDeviceCount,
		@Nullable Boolean hvoSwitchPersisted, @Nullable Boolean vduseModulesLoaded, Facts facts) {

	public ObservedState {
		pools = List.copyOf(pools);
	}

	/**
	 * An observed state without the facts the reports group by ({@link Facts#NONE}).
	 * @param reportedAt when the report arrived
	 * @param hvo {@code on}, {@code off}, {@code unsupported} or {@code unknown}
	 * @param hvoSupported whether the kernel can do HVO
	 * @param hvoSwitchOn the runtime switch
	 * @param hvoReclaimedBytes vmemmap bytes HVO has freed
	 * @param hvoReclaimableBytes vmemmap bytes it would free with every page optimized
	 * @param hvoAdditionalBytes the difference
	 * @param pools the HugeTLB pools, by page size
	 * @param vduseSupported whether the kernel can do VDUSE
	 * @param vduseDeviceCount how many VDUSE devices exist
	 * @param hvoSwitchPersisted the value the boot-time configuration sets the switch to
	 * @param vduseModulesLoaded whether the VDUSE modules are all in the kernel
	 */
	public ObservedState(Instant reportedAt, String hvo, @Nullable Boolean hvoSupported, @Nullable Boolean hvoSwitchOn,
			@Nullable Long hvoReclaimedBytes, @Nullable Long hvoReclaimableBytes, @Nullable Long hvoAdditionalBytes,
			List<Pool> pools, @Nullable Boolean vduseSupported, int vduseDeviceCount,
			@Nullable Boolean hvoSwitchPersisted, @Nullable Boolean vduseModulesLoaded) {
		this(reportedAt, hvo, hvoSupported, hvoSwitchOn, hvoReclaimedBytes, hvoReclaimableBytes, hvoAdditionalBytes,
				pools, vduseSupported, vduseDeviceCount, hvoSwitchPersisted, vduseModulesLoaded, Facts.NONE);
	}

	/**
	 * An observed state of a report that says nothing of the switch's persistence nor of
	 * the VDUSE modules (both null).
	 * @param reportedAt when the report arrived
	 * @param hvo {@code on}, {@code off}, {@code unsupported} or {@code unknown}
	 * @param hvoSupported whether the kernel can do HVO
	 * @param hvoSwitchOn the runtime switch
	 * @param hvoReclaimedBytes vmemmap bytes HVO has freed
	 * @param hvoReclaimableBytes vmemmap bytes it would free with every page optimized
	 * @param hvoAdditionalBytes the difference
	 * @param pools the HugeTLB pools, by page size
	 * @param vduseSupported whether the kernel can do VDUSE
	 * @param vduseDeviceCount how many VDUSE devices exist
	 */
	public ObservedState(Instant reportedAt, String hvo, @Nullable Boolean hvoSupported, @Nullable Boolean hvoSwitchOn,
			@Nullable Long hvoReclaimedBytes, @Nullable Long hvoReclaimableBytes, @Nullable Long hvoAdditionalBytes,
			List<Pool> pools, @Nullable Boolean vduseSupported, int vduseDeviceCount) {
		this(reportedAt, hvo, hvoSupported, hvoSwitchOn, hvoReclaimedBytes, hvoReclaimableBytes, hvoAdditionalBytes,
				pools, vduseSupported, vduseDeviceCount, null, null);
	}

	/**
	 * What the fleet's reports aggregate and group by besides the HVO figures (ADR 0041).
	 *
	 * @param installedMemoryBytes
	 * {@code memmap.memoryBlocks × memmap.memoryBlockSizeBytes}, null when either is
	 * unknown
	 * @param numaNodes the NUMA nodes the HugeTLB pools list, null when none lists them
	 * @param hvoBlockingReasons the codes of the HVO limits that block it, sorted
	 * @param vduseSupportReason why VDUSE is supported or not, as the agent says
	 * @param vduseModuleStates the VDUSE modules as {@code name=state} ({@code unknown}
	 * when the state is null), sorted
	 */
	public record Facts(@Nullable Long installedMemoryBytes, @Nullable Integer numaNodes,
			List<String> hvoBlockingReasons, @Nullable String vduseSupportReason, List<String> vduseModuleStates) {

		/** Nothing known. */
		public static final Facts NONE = new Facts(null, null, List.of(), null, List.of());

		public Facts {
			hvoBlockingReasons = List.copyOf(hvoBlockingReasons);
			vduseModuleStates = List.copyOf(vduseModuleStates);
		}

	}

	/**
	 * One HugeTLB pool.
	 *
	 * @param pageSizeBytes the huge page size
	 * @param total pages in the pool ({@code nr_hugepages}, surplus included)
	 * @param free free pages
	 */
	public record Pool(long pageSizeBytes, @Nullable Long total, @Nullable Long free) {

		/** The memory in the pool. */
		public @Nullable Long bytes() {
			return (this.total != null) ? this.total * this.pageSizeBytes : null;
		}

	}

}
