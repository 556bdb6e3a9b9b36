package dev.kfleet.rollouts;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import dev.kfleet.rollouts.Feature.Target;

/**
 * A rollout as accepted: what it changes, on which hosts, in which waves, and when it
 * halts. Stored as the API shows it ({@link #describe()}) and read back
 * ({@link #of(JsonNode)}).
 *
 * @param name the operator's name for it
 * @param feature the feature it changes
 * @param target the state it takes hosts to
 * @param selector the label selector of its hosts, if any
 * @param hostIds the hosts named by id (added to those the selector matches)
 * @param waves how far each wave takes it
 * @param perWave the failure budget of each wave, over the wave's hosts
 * @param overall the failure budget of the whole rollout, over all its hosts
 * @param haltAction what exceeding a budget does
 * @param hostDeadline how long a host has, from being asked, to be verified
 * @param bakeTime how long to wait after a wave before the next
 * @param manualPromotion whether each next wave waits for an operator's promote
 * @param maxConcurrency the most hosts changing at once, or {@code null} for no limit
 * beyond the wave
 */
record RolloutSpec(String name, Feature feature, Target target, @Nullable String selector, List<UUID> hostIds,
		List<WaveStep> waves, FailureBudget perWave, FailureBudget overall, HaltAction haltAction,
		Duration hostDeadline, Duration bakeTime, boolean manualPromotion, @Nullable Integer maxConcurrency) {

	RolloutSpec {
		hostIds = List.copyOf(hostIds);
		waves = List.copyOf(waves);
	}

	/** The spec as the API shows it and the database keeps it. */
	Map<String, @Nullable Object> describe() {
		Map<String, @Nullable Object> spec = new LinkedHashMap<>();
		spec.put("name", this.name);
		spec.put("feature", this.feature.value());
		Map<String, Object> target = new LinkedHashMap<>();
		target.put("enabled", this.target.enabled());
		if (this.feature == Feature.HVO) {
			target.put("rebuildFreePages", this.target.rebuildFreePages());
		}
		spec.put("target", target);
		Map<String, @Nullable Object> hosts = new LinkedHashMap<>();
		hosts.put("selector", this.selector);
		hosts.put("ids", this.hostIds);
		spec.put("hosts", hosts);
		spec.put("waves", this.waves.stream().map(WaveStep::value).toList());
		spec.put("failureBudget", Map.of("perWave", this.perWave.value(), "overall", this.overall.value()));
		spec.put("haltAction", this.haltAction.value());
		spec.put("hostDeadline", this.hostDeadline.toString());
		spec.put("bakeTime", this.bakeTime.toString());
		spec.put("promotion", this.manualPromotion ? "manual" : "automatic");
		spec.put("maxConcurrency", this.maxConcurrency);
		return spec;
	}

	/** Reads back what {@link #describe()} stored. */
	static RolloutSpec of(JsonNode spec) {
		JsonNode target = spec.get("target");
		JsonNode hosts = spec.get("hosts");
		List<UUID> ids = new ArrayList<>();
		hosts.get("ids").forEach((id) -> ids.add(UUID.fromString(id.stringValue())));
		List<WaveStep> waves = new ArrayList<>();
		spec.get("waves")
			.forEach((wave) -> waves.add(WaveStep.parse(wave.isInt() ? wave.intValue() : wave.stringValue())));
		JsonNode budget = spec.get("failureBudget");
		return new RolloutSpec(spec.get("name").stringValue(), Feature.of(spec.get("feature").stringValue()),
				new Target(target.get("enabled").booleanValue(), target.path("rebuildFreePages").asBoolean(false)),
				hosts.get("selector").isNull() ? null : hosts.get("selector").stringValue(), ids, waves,
				budget(budget.get("perWave")), budget(budget.get("overall")),
				HaltAction.of(spec.get("haltAction").stringValue()),
				Duration.parse(spec.get("hostDeadline").stringValue()),
				Duration.parse(spec.get("bakeTime").stringValue()),
				"manual".equals(spec.get("promotion").stringValue()),
				spec.get("maxConcurrency").isNull() ? null : spec.get("maxConcurrency").intValue());
	}

	private static FailureBudget budget(JsonNode budget) {
		return FailureBudget.parse(budget.isInt() ? budget.intValue() : budget.stringValue());
	}

	/** What exceeding a failure budget does. */
	enum HaltAction {

		/** Pause: hosts asked go on; no host is asked until an operator resumes. */
		PAUSE("pause"),

		/** Roll back every host the rollout touched. */
		ROLLBACK("rollback");

		private final String value;

		HaltAction(String value) {
			this.value = value;
		}

		String value() {
			return this.value;
		}

		static HaltAction of(String value) {
			return switch (value) {
				case "pause" -> PAUSE;
				case "rollback" -> ROLLBACK;
				default -> throw new IllegalArgumentException("not a halt action: " + value);
			};
		}

	}

}
