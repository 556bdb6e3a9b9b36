package dev.kfleet.rollouts;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The wave plan: every eligible host in exactly one wave, each wave reaching what its
 * step asks, at least one host per wave, and the same plan whenever it is computed again,
 * in whatever order the hosts come.
 */
class WavePlanTests {

	@Property(tries = 500)
	void everyHostIsInExactlyOneWaveEachWaveReachesWhatItsStepAsksAndTheRecomputedPlanIsTheSame(
			@ForAll @IntRange(min = 1, max = 3000) int hostCount, @ForAll("steps") List<WaveStep> steps,
			@ForAll long shuffle) {
		check(hosts(hostCount, shuffle), steps, shuffle);
		List<WaveStep> increasing = new ArrayList<>();
		steps.stream().sorted(Comparator.comparingInt((WaveStep step) -> step.reach(hostCount))).forEach((step) -> {
			if (increasing.isEmpty() || increasing.getLast().reach(hostCount) < step.reach(hostCount)) {
				increasing.add(step);
			}
		});
		check(hosts(hostCount, shuffle), increasing, shuffle);
	}

	private static void check(List<UUID> hosts, List<WaveStep> steps, long shuffle) {
		int hostCount = hosts.size();
		WavePlan plan;
		try {
			plan = WavePlan.of(hosts, steps, "rollout-1");
		}
		catch (WavePlan.InvalidWavesException refused) {
			assertThat(refusable(hostCount, steps)).as(refused.getMessage()).isTrue();
			return;
		}
		assertThat(refusable(hostCount, steps)).isFalse();
		List<UUID> planned = plan.waves().stream().flatMap(List::stream).toList();
		assertThat(planned).hasSize(hostCount).containsExactlyInAnyOrderElementsOf(hosts);
		int reached = 0;
		for (int wave = 0; wave < steps.size(); wave++) {
			assertThat(plan.waves().get(wave)).as("wave %d", wave + 1).isNotEmpty();
			reached += plan.waves().get(wave).size();
			assertThat(reached).as("hosts reached by wave %d", wave + 1).isEqualTo(steps.get(wave).reach(hostCount));
		}
		List<UUID> reordered = new ArrayList<>(hosts);
		Collections.shuffle(reordered, new Random(shuffle + 1));
		assertThat(WavePlan.of(reordered, steps, "rollout-1")).isEqualTo(plan);
	}

	@Test
	void aCanaryThenPercentagesOfAHundredHosts() {
		WavePlan plan = WavePlan.of(hosts(100, 7), steps(1, "5%", "25%", "100%"), "r");

		assertThat(plan.waves()).extracting(List::size).containsExactly(1, 4, 20, 75);
	}

	@Test
	void aPercentageOfAFewHostsReachesAtLeastOne() {
		assertThat(WavePlan.of(hosts(3, 7), steps("0.5%", "100%"), "r").waves()).extracting(List::size)
			.containsExactly(1, 2);
	}

	@Test
	void anotherRolloutOrdersTheHostsAnotherWay() {
		List<UUID> hosts = hosts(1000, 7);
		List<WaveStep> steps = steps("10%", "100%");

		assertThat(WavePlan.of(hosts, steps, "a").waves().getFirst())
			.isNotEqualTo(WavePlan.of(hosts, steps, "b").waves().getFirst());
	}

	@Test
	void wavesThatAddNoHostOrStopShortAreRefusedWithTheReason() {
		assertThatThrownBy(() -> WavePlan.of(hosts(10, 7), steps(1, "10%", "100%"), "r"))
			.isInstanceOf(WavePlan.InvalidWavesException.class)
			.hasMessage("wave 2 (10% of 10 eligible hosts: 1) would add no host to the 1 of the waves before it");
		assertThatThrownBy(() -> WavePlan.of(hosts(10, 7), steps(1, "50%"), "r"))
			.isInstanceOf(WavePlan.InvalidWavesException.class)
			.hasMessage("the last wave (50%) reaches 5 of the 10 eligible hosts; end the waves with \"100%\"");
		assertThatThrownBy(() -> WavePlan.of(List.of(), steps("100%"), "r"))
			.isInstanceOf(WavePlan.InvalidWavesException.class)
			.hasMessage("no host is eligible");
	}

	@Test
	void stepsAreCountsFromOneOrPercentagesOverZeroUpToAHundred() {
		assertThat(WaveStep.parse(1)).hasToString("1");
		assertThat(WaveStep.parse("0.25%")).hasToString("0.25%");
		assertThat(WaveStep.parse("100%")).hasToString("100%");
		for (Object bad : List.of(0, -1, "0%", "100.01%", "101%", "5", "5 %", "%", "1e2%", 2.5, "", "0.001%")) {
			assertThatIllegalArgumentException().as(String.valueOf(bad)).isThrownBy(() -> WaveStep.parse(bad));
		}
	}

	/** Whether these steps cannot be planned for that many hosts. */
	private static boolean refusable(int hostCount, List<WaveStep> steps) {
		int reached = 0;
		for (WaveStep step : steps) {
			int reach = step.reach(hostCount);
			if (reach <= reached) {
				return true;
			}
			reached = reach;
		}
		return reached < hostCount;
	}

	@Provide
	Arbitrary<List<WaveStep>> steps() {
		Arbitrary<WaveStep> count = Arbitraries.integers().between(1, 4000).map(WaveStep.Hosts::of);
		Arbitrary<WaveStep> percent = Combinators
			.combine(Arbitraries.integers().between(0, 100), Arbitraries.integers().between(0, 99))
			.filter((whole, hundredths) -> (whole > 0 || hundredths > 0) && (whole < 100 || hundredths == 0))
			.as((whole, hundredths) -> WaveStep.parse(whole + "." + "%02d".formatted(hundredths) + "%"));
		Arbitrary<List<WaveStep>> sorted = Arbitraries.oneOf(count, percent).list().ofMinSize(0).ofMaxSize(5);
		// Mostly plans that end with every host, as operators write them; sometimes not.
		return Combinators.combine(sorted, Arbitraries.integers().between(0, 9)).as((steps, dice) -> {
			List<WaveStep> all = new ArrayList<>(steps);
			if (dice > 0) {
				all.add(WaveStep.parse("100%"));
			}
			return all.isEmpty() ? List.of(WaveStep.parse("100%")) : all;
		});
	}

	private static List<UUID> hosts(int count, long seed) {
		Random random = new Random(seed);
		List<UUID> hosts = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			hosts.add(new UUID(random.nextLong(), random.nextLong()));
		}
		return hosts;
	}

	private static List<WaveStep> steps(Object... steps) {
		return java.util.Arrays.stream(steps).map(WaveStep::parse).toList();
	}

}
