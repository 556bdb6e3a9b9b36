package dev.kfleet.desiredstate;

import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.kfleet.ApiClient;
import dev.kfleet.ApiResponse;
import dev.kfleet.KfleetIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the desired-state tests share: hosts registered through the API, unique per call,
 * and waiting on a latch with a generous bound.
 */
final class DesiredStateFixtures {

	private DesiredStateFixtures() {
	}

	/** A new active host of the service on {@code port}, named {@code prefix-…}. */
	static UUID registeredHost(int port, String prefix) {
		String machine = "m-" + UUID.randomUUID();
		ApiResponse registered = new ApiClient(port).as(KfleetIntegrationTest.ADMIN_TOKEN)
			.post("/api/v1/hosts", "{\"machineId\":\"" + machine + "\",\"hostname\":\"" + prefix + "-"
					+ machine.substring(2, 10) + "\"}");
		assertThat(registered.status()).as(registered.body()).isEqualTo(201);
		return UUID.fromString(registered.json().get("id").stringValue());
	}

	static void awaitLatch(CountDownLatch latch) {
		try {
			assertThat(latch.await(30, TimeUnit.SECONDS)).isTrue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
