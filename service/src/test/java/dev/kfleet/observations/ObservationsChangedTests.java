package dev.kfleet.observations;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.kfleet.observations.ObservationsChanged.Aspect;
import dev.kfleet.observations.StateDiff.Observation;

import static org.assertj.core.api.Assertions.assertThat;

class ObservationsChangedTests {

	@Test
	void everyFieldTheHistoryTracksHasAnAspect() {
		ObservedState state = new ObservedState(Instant.parse("2026-12-07T10:00:00Z"), "on", true, true, 1L, 2L, 1L,
				List.of(new ObservedState.Pool(2_097_152, 1L, 1L)), true, 1, true, true);
		List<FieldChange> changes = StateDiff.between(Observation.NONE, new Observation("6.12.95", state, List
			.of(new VduseDeviceState("vduse0", true, "virtio_vdpa", "block", 1, "healthy", "ok", 7, "qsd", "vda"))));
		assertThat(changes).extracting(FieldChange::field)
			.contains("hvo.switchPersisted", "vduse.modulesLoaded", "vduse.device.vduse0");
		UUID host = UUID.randomUUID();
		assertThat(ObservationsChanged.of(Map.of(host, changes)).getFirst().aspects()).containsExactlyInAnyOrder(
				Aspect.KERNEL, Aspect.HVO_SUPPORT, Aspect.HVO_SWITCH, Aspect.RECLAIMED_BYTES, Aspect.POOLS,
				Aspect.VDUSE);
		assertThat(Aspect.of("hvo.switchPersisted")).isEqualTo(Aspect.HVO_SWITCH);
		assertThat(Aspect.of("vduse.modulesLoaded")).isEqualTo(Aspect.VDUSE);
	}

}
