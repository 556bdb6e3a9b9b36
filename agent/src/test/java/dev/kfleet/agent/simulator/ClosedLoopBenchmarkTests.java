package dev.kfleet.agent.simulator;

import java.util.List;
import java.util.Optional;

import dev.kfleet.agent.server.CheckInRequest;
import dev.kfleet.agent.server.CheckInResponse;
import dev.kfleet.agent.server.DesiredState;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ClosedLoopBenchmarkTests {

	@Test
	void aModeCountsOnlyAcceptedCheckInsOfItsOwnKind() {
		SimulatedHost.Exchange full = exchange(Optional.of("{}"), true);
		SimulatedHost.Exchange hashOnly = exchange(Optional.empty(), true);
		assertThat(ClosedLoopBenchmark.offMode(full, true)).isEmpty();
		assertThat(ClosedLoopBenchmark.offMode(hashOnly, false)).isEmpty();
		assertThat(ClosedLoopBenchmark.offMode(hashOnly, true))
			.contains("a check-in without its report in a mode that measures the other kind");
		assertThat(ClosedLoopBenchmark.offMode(full, false))
			.contains("a full report in a mode that measures the other kind");
		assertThat(ClosedLoopBenchmark.offMode(exchange(Optional.of("{}"), false), true))
			.contains("check-in 7 not accepted");
	}

	private static SimulatedHost.Exchange exchange(Optional<String> report, boolean accepted) {
		return new SimulatedHost.Exchange(new CheckInRequest("1.0", 7, "a".repeat(64), report, List.of()),
				new CheckInResponse(accepted, accepted ? 7 : 9, false, 30, DesiredState.NONE), List.of());
	}

}
