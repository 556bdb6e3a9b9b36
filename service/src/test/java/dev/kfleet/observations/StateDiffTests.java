package dev.kfleet.observations;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.kfleet.observations.StateDiff.Observation;

import static org.assertj.core.api.Assertions.assertThat;

class StateDiffTests {

	static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");

	@Test
	void equalObservationsMakeNoHistory() {
		Observation observation = observation("6.18.44", true, 128L, List.of(device("vduse0", "healthy")));
		assertThat(StateDiff.between(observation,
				observation(("6.18.44"), true, 128L, List.of(device("vduse0", "healthy")))))
			.isEmpty();
	}

	@Test
	void theReportTimeAloneIsNotAChange() {
		Observation before = observation("6.18.44", true, 128L, List.of());
		ObservedState later = new ObservedState(NOW.plusSeconds(30), "on", true, true, 3_670_016L, 3_670_016L, 0L,
				List.of(new ObservedState.Pool(2_097_152, 128L, 128L)), false, 0);
		assertThat(StateDiff.between(before, new Observation("6.18.44", later, List.of()))).isEmpty();
	}

	@Test
	void namesEachChangedFieldWithItsOldAndNewValue() {
		List<FieldChange> changes = StateDiff.between(observation("6.12.95", false, 0L, List.of()),
				observation("6.18.44", true, 128L, List.of()));
		assertThat(changes).extracting(FieldChange::field)
			.containsExactly("kernel.release", "hvo.switchOn", "hvo.reclaimedBytes", "hvo.reclaimableBytes",
					"hugetlb.2097152.total", "hugetlb.2097152.free");
		assertThat(changes.get(1).from()).isEqualTo(false);
		assertThat(changes.get(1).to()).isEqualTo(true);
	}

	@Test
	void thePersistedSwitchAndTheVduseModulesAreTrackedFields() {
		Observation before = observation("6.12.95", true, 0L, List.of());
		ObservedState state = before.state();
		ObservedState after = new ObservedState(state.reportedAt(), state.hvo(), state.hvoSupported(),
				state.hvoSwitchOn(), state.hvoReclaimedBytes(), state.hvoReclaimableBytes(), state.hvoAdditionalBytes(),
				state.pools(), state.vduseSupported(), state.vduseDeviceCount(), true, true);
		List<FieldChange> changes = StateDiff.between(before, new Observation("6.12.95", after, List.of()));
		assertThat(changes).extracting(FieldChange::field)
			.containsExactly("hvo.switchPersisted", "vduse.modulesLoaded");
		assertThat(changes).extracting(FieldChange::from).containsOnlyNulls();
		assertThat(changes).extracting(FieldChange::to).containsOnly(true);
	}

	@Test
	void devicesThatAppearGoOrChangeHealthAreChanges() {
		Observation before = observation("6.12.95", true, 0L,
				List.of(device("vduse0", "healthy"), device("vduse1", "healthy")));
		Observation after = observation("6.12.95", true, 0L,
				List.of(device("vduse1", "unhealthy"), device("vduse2", "healthy")));
		assertThat(StateDiff.between(before, after)).extracting(FieldChange::field)
			.containsExactly("vduse.device.vduse0", "vduse.device.vduse1", "vduse.device.vduse2");
		assertThat(StateDiff.between(before, after).getFirst().to()).isNull();
	}

	@Test
	void theFirstReportRecordsEveryKnownField() {
		assertThat(StateDiff.between(Observation.NONE, observation("6.18.44", true, 128L, List.of())))
			.extracting(FieldChange::field)
			.contains("kernel.release", "hvo.supported", "hvo.switchOn", "vduse.supported");
	}

	private static Observation observation(String release, boolean on, long pages, List<VduseDeviceState> devices) {
		long reclaimed = pages * 7 * 4096;
		ObservedState state = new ObservedState(NOW, on ? "on" : "off", true, on, reclaimed, reclaimed, 0L,
				List.of(new ObservedState.Pool(2_097_152, pages, pages)), false, devices.size());
		return new Observation(release, state, devices);
	}

	private static VduseDeviceState device(String name, String health) {
		return new VduseDeviceState(name, true, "virtio_vdpa", "block", 1, health, "because", 42, "qsd", "vda");
	}

}
