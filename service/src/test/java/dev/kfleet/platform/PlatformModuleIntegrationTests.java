package dev.kfleet.platform;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import java.time.Duration;

import jakarta.servlet.Filter;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import dev.kfleet.KfleetModuleTest;
import dev.kfleet.StandIns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The platform module alone, which every module stands on: the database watch answers the
 * database's health from its own probes of the real server (ADR 0028), and the operator
 * API refuses a token its verifier does not know with a 401 problem document. The tokens
 * module, which verifies tokens, is not started: no token is valid.
 */
@KfleetModuleTest
@Import(StandIns.NoApiTokens.class)
class PlatformModuleIntegrationTests {

	private final DatabaseWatch database;

	private final Filter security;

	private final FleetSnapshots snapshots;

	PlatformModuleIntegrationTests(DatabaseWatch database, @Qualifier("springSecurityFilterChain") Filter security,
			FleetSnapshots snapshots) {
		this.database = database;
		this.snapshots = snapshots;
		this.security = security;
	}

	@Test
	void theDatabaseHealthAnswersFromTheWatchsProbes() {
		await().atMost(Duration.ofSeconds(60)).until(this.database::isUp);

		assertThat(this.database.health().getStatus()).isEqualTo(Status.UP);
		assertThat(this.database.health().getDetails()).containsKey("lastProbe");
	}

	@Test
	void anUnknownTokenIsRefusedWithAProblemDocument() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/hosts");
		request.addHeader(HttpHeaders.AUTHORIZATION, "Bearer nobody-knows-this-token-0123456789");
		MockHttpServletResponse response = new MockHttpServletResponse();

		this.security.doFilter(request, response, new MockFilterChain());

		assertThat(response.getStatus()).isEqualTo(401);
		assertThat(response.getContentType()).startsWith("application/problem+json");
		assertThat(response.getContentAsString()).contains("\"status\":401");
	}

	@Test
	void aFleetSnapshotReadsBackAsStoredReplacesTheLastAndIsNotShownInAnotherShape() {
		String name = "test-" + UUID.randomUUID().toString().substring(0, 8);
		assertThat(this.snapshots.find(name, Figures.class)).isEmpty();

		this.snapshots.store(name, new Figures(List.of("a", "b"), 1L << 40));
		this.snapshots.store(name, new Figures(List.of("c"), Long.MAX_VALUE));

		assertThat(this.snapshots.find(name, Figures.class)).contains(new Figures(List.of("c"), Long.MAX_VALUE));
		assertThat(this.snapshots.find(name, OtherShape.class)).as("an older version's shape").isEmpty();
	}

	record Figures(List<String> groups, long bytes) {
	}

	record OtherShape(Map<String, Long> groups) {
	}

}
