package dev.kfleet.benchmarks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.kfleet.ApiClient;
import dev.kfleet.ApiResponse;
import dev.kfleet.KfleetIntegrationTest;
import dev.kfleet.ServiceInstance;
import dev.kfleet.TestDatabase;

/**
 * How long a replica hands out an old desired state: two replicas with the default
 * refresh interval (1 s); a change is set through one, and the host's agent checks in at
 * the other every 10 ms until it gets the new version. Prints the lag from the change's
 * answer to the first check-in that carries it (so it includes up to 10 ms of the agent's
 * own polling). Reports, never asserts:
 * {@code ./mvnw -B -pl service -am verify -Pbenchmarks -Dtest=DesiredStatePropagationBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("benchmark")
class DesiredStatePropagationBenchmark {

	static final int CHANGES = 200;

	@Test
	void lagOfADesiredStateChangeBetweenReplicas() throws Exception {
		Map<String, Object> defaults = Map.of("kfleet.desired-state.refresh-interval", "1s");
		try (ServiceInstance a = ServiceInstance.start(TestDatabase.shared(), defaults);
				ServiceInstance b = ServiceInstance.start(TestDatabase.shared(), defaults)) {
			ApiClient operator = a.client().as(KfleetIntegrationTest.ADMIN_TOKEN).withoutContractChecks();
			String secret = operator.post("/api/v1/enrollment-secrets", "{\"name\":\"lag\"}")
				.json()
				.get("value")
				.stringValue();
			var enrolled = b.client()
				.as(secret)
				.post("/agent/v1/enroll",
						"{\"machineId\":\"m-" + UUID.randomUUID()
								+ "\",\"hostname\":\"lag\",\"agentVersion\":\"0.1.0\"}")
				.json();
			String hostId = enrolled.get("hostId").stringValue();
			ApiClient agent = b.client().as(enrolled.get("hostToken").stringValue()).withoutContractChecks();
			List<Double> lags = new ArrayList<>();
			long sequence = 0;
			for (int i = 0; i < CHANGES; i++) {
				ApiResponse set = operator.send("PUT", "/api/v1/hosts/{id}/desired-state", "application/json",
						"{\"actions\":[{\"type\":\"hvo.set-switch\",\"parameters\":{\"enabled\":" + (i % 2 == 0)
								+ ",\"persist\":false}}]}",
						hostId);
				long version = set.json().get("version").longValue();
				long committed = System.nanoTime();
				long seen;
				do {
					Thread.sleep(10);
					sequence++;
					seen = agent
						.post("/agent/v1/check-in",
								"{\"agentVersion\":\"0.1.0\",\"sequence\":" + sequence + ",\"reportHash\":\""
										+ "0".repeat(64) + "\"}")
						.json()
						.at("/desiredState/version")
						.longValue();
				}
				while (seen < version);
				lags.add((System.nanoTime() - committed) / 1e6);
				Thread.sleep((long) (Math.random() * 1000));
			}
			Collections.sort(lags);
			System.out.printf(
					"desired-state lag between replicas over %d changes (refresh-interval 1s): "
							+ "p50 %.0f ms, p95 %.0f ms, p99 %.0f ms, max %.0f ms%n",
					CHANGES, at(lags, 0.50), at(lags, 0.95), at(lags, 0.99), lags.getLast());
		}
	}

	private static double at(List<Double> sorted, double quantile) {
		return sorted.get((int) Math.min(sorted.size() - 1, Math.floor(quantile * sorted.size())));
	}

}
