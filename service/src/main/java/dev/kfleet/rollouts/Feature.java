package dev.kfleet.rollouts;

import java.util.List;
import java.util.Map;

import dev.kfleet.desiredstate.ActionRequest;

/**
 * The closed set of kernel features a rollout changes, with the actions that change them.
 * What counts as done is {@link HostVerdicts}'; who may take part is
 * {@link Eligibility}'.
 */
enum Feature implements Valued {

	/**
	 * HugeTLB Vmemmap Optimization: the runtime switch, persisted in a sysctl drop-in,
	 * and optionally the free HugeTLB pages rebuilt so that the savings appear now.
	 */
	HVO("hvo"),

	/**
	 * VDUSE: the vduse, vdpa, virtio_vdpa and vhost_vdpa modules, loaded and persisted.
	 */
	VDUSE("vduse");

	static final String SET_HVO_SWITCH = "hvo.set-switch";

	static final String REBUILD_FREE_PAGES = "hvo.rebuild-free-pages";

	static final String LOAD_VDUSE_MODULES = "vduse.load-modules";

	private final String value;

	Feature(String value) {
		this.value = value;
	}

	@Override
	public String value() {
		return this.value;
	}

	static Feature of(String value) {
		return Valued.of(Feature.class, value);
	}

	/** The actions that take a host to {@code target}. */
	List<ActionRequest> actions(Target target) {
		return switch (this) {
			case HVO ->
				target.rebuildFreePages() ? List.of(hvoSwitch(true), new ActionRequest(REBUILD_FREE_PAGES, Map.of()))
						: List.of(hvoSwitch(target.enabled()));
			case VDUSE -> List.of(new ActionRequest(LOAD_VDUSE_MODULES, Map.of("persist", true)));
		};
	}

	/**
	 * The actions that take a host back to what it reported before the rollout asked it
	 * (rebuilt pages stay rebuilt: they are as good with the switch off).
	 */
	List<ActionRequest> revert(Previous previous, Target target) {
		return switch (this) {
			case HVO -> List.of(hvoSwitch((previous.switchOn() != null) ? previous.switchOn() : !target.enabled()));
			case VDUSE -> throw new IllegalStateException("a vduse rollout does not roll back");
		};
	}

	/** Whether a rollout of this feature can take hosts back where they were. */
	boolean revertible() {
		return this == HVO;
	}

	private static ActionRequest hvoSwitch(boolean enabled) {
		return new ActionRequest(SET_HVO_SWITCH, Map.of("enabled", enabled, "persist", true));
	}

	/**
	 * The state a rollout takes hosts to.
	 *
	 * @param enabled HVO's switch on or off; VDUSE's modules loaded (only {@code true})
	 * @param rebuildFreePages HVO on, and the free HugeTLB pages rebuilt so that they are
	 * optimized now
	 */
	record Target(boolean enabled, boolean rebuildFreePages) {
	}

}
