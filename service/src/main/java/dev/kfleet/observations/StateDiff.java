package dev.kfleet.observations;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * The history entries between two observations of a host: one per tracked field whose
 * value differs. Two equal observations give none.
 */
final class StateDiff {

	private StateDiff() {
	}

	/**
	 * One observation: the kernel release, the observed state (null before the first
	 * report) and the VDUSE devices.
	 */
	record Observation(@Nullable String kernelRelease, @Nullable ObservedState state, List<VduseDeviceState> devices) {

		static final Observation NONE = new Observation(null, null, List.of());

	}

	static List<FieldChange> between(Observation before, Observation after) {
		List<FieldChange> changes = new ArrayList<>();
		compare(changes, "kernel.release", before.kernelRelease(), after.kernelRelease());
		compareState(changes, before.state(), after.state());
		comparePools(changes, pools(before.state()), pools(after.state()));
		compareDevices(changes, byName(before.devices()), byName(after.devices()));
		return changes;
	}

	private static void compareState(List<FieldChange> changes, @Nullable ObservedState before,
			@Nullable ObservedState after) {
		compare(changes, "hvo.supported", get(before, ObservedState::hvoSupported),
				get(after, ObservedState::hvoSupported));
		compare(changes, "hvo.switchOn", get(before, ObservedState::hvoSwitchOn),
				get(after, ObservedState::hvoSwitchOn));
		compare(changes, "hvo.reclaimedBytes", get(before, ObservedState::hvoReclaimedBytes),
				get(after, ObservedState::hvoReclaimedBytes));
		compare(changes, "hvo.reclaimableBytes", get(before, ObservedState::hvoReclaimableBytes),
				get(after, ObservedState::hvoReclaimableBytes));
		compare(changes, "hvo.switchPersisted", get(before, ObservedState::hvoSwitchPersisted),
				get(after, ObservedState::hvoSwitchPersisted));
		compare(changes, "vduse.supported", get(before, ObservedState::vduseSupported),
				get(after, ObservedState::vduseSupported));
		compare(changes, "vduse.modulesLoaded", get(before, ObservedState::vduseModulesLoaded),
				get(after, ObservedState::vduseModulesLoaded));
	}

	private static void comparePools(List<FieldChange> changes, Map<Long, ObservedState.Pool> before,
			Map<Long, ObservedState.Pool> after) {
		for (Long size : union(before, after)) {
			ObservedState.Pool old = before.get(size);
			ObservedState.Pool now = after.get(size);
			compare(changes, "hugetlb." + size + ".total", (old != null) ? old.total() : null,
					(now != null) ? now.total() : null);
			compare(changes, "hugetlb." + size + ".free", (old != null) ? old.free() : null,
					(now != null) ? now.free() : null);
		}
	}

	private static void compareDevices(List<FieldChange> changes, Map<String, VduseDeviceState> before,
			Map<String, VduseDeviceState> after) {
		for (String name : union(before, after)) {
			compare(changes, "vduse.device." + name, summary(before.get(name)), summary(after.get(name)));
		}
	}

	/**
	 * What of a device counts as a change: where it is bound, what it is, and its health.
	 */
	private static @Nullable Map<String, @Nullable Object> summary(@Nullable VduseDeviceState device) {
		if (device == null) {
			return null;
		}
		Map<String, @Nullable Object> summary = new LinkedHashMap<>();
		summary.put("attached", device.attached());
		summary.put("driver", device.driver());
		summary.put("type", device.type());
		summary.put("health", device.health());
		return summary;
	}

	private static void compare(List<FieldChange> changes, String field, @Nullable Object before,
			@Nullable Object after) {
		if (!Objects.equals(before, after)) {
			changes.add(new FieldChange(field, before, after));
		}
	}

	private static <T> @Nullable T get(@Nullable ObservedState state, Function<ObservedState, @Nullable T> field) {
		return (state != null) ? field.apply(state) : null;
	}

	private static Map<Long, ObservedState.Pool> pools(@Nullable ObservedState state) {
		Map<Long, ObservedState.Pool> pools = new LinkedHashMap<>();
		if (state != null) {
			state.pools().forEach((pool) -> pools.put(pool.pageSizeBytes(), pool));
		}
		return pools;
	}

	private static Map<String, VduseDeviceState> byName(List<VduseDeviceState> devices) {
		Map<String, VduseDeviceState> byName = new LinkedHashMap<>();
		devices.forEach((device) -> byName.put(device.name(), device));
		return byName;
	}

	private static <K extends Comparable<K>> TreeSet<K> union(Map<K, ?> a, Map<K, ?> b) {
		TreeSet<K> keys = new TreeSet<>(a.keySet());
		keys.addAll(b.keySet());
		return keys;
	}

}
