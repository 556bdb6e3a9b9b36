package dev.kfleet.contract;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import org.springframework.boot.test.web.server.LocalServerPort;

import dev.kfleet.ApiResponse;
import dev.kfleet.KfleetIntegrationTest;
import dev.kfleet.OpenApiContract;
import dev.kfleet.RawHttp;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every operation of {@code openapi.yaml} called with every kind of caller: none, a bad
 * token, each role's API token, a host token and an enrollment secret. What each may do
 * comes from the contract alone: an operator operation ({@code security} apiToken) takes
 * API tokens of its {@code x-kfleet-role} or above (403 below it, 401 for anything that
 * is not an API token); an agent operation takes only its own credential (401 for any
 * other). Allowed means a success or a 4xx that is neither 401 nor 403.
 */
@KfleetIntegrationTest
class AuthorizationMatrixIntegrationTests {

	static final List<String> ROLES = List.of("viewer", "operator", "admin");

	@LocalServerPort
	int port;

	/** Who calls. */
	enum Caller {

		NONE, BAD_TOKEN, VIEWER, OPERATOR, ADMIN, HOST_TOKEN, ENROLLMENT_SECRET

	}

	@TestFactory
	Stream<DynamicTest> everyOperationAnswersEveryCallerAsTheContractSays() {
		Fixture fixture = Fixture.create(this.port);
		Map<Caller, String> credentials = credentials(fixture);
		Samples samples = new Samples(Map.of(), true);
		List<DynamicTest> tests = new ArrayList<>();
		for (Operation operation : Operation.all()) {
			for (Caller caller : Caller.values()) {
				int expected = expected(operation, caller);
				String name = operation + " as " + caller + " → " + ((expected == 0) ? "allowed" : expected);
				tests.add(DynamicTest.dynamicTest(name, () -> assertAnswer(operation, expected,
						call(fixture, samples, operation, credentials.get(caller)))));
			}
		}
		return tests.stream();
	}

	/** The status the contract says, or 0 for "allowed". */
	static int expected(Operation operation, Caller caller) {
		return switch (operation.credential()) {
			case HOST_TOKEN -> (caller == Caller.HOST_TOKEN) ? 0 : 401;
			case ENROLLMENT_SECRET -> (caller == Caller.ENROLLMENT_SECRET) ? 0 : 401;
			case API_TOKEN -> switch (caller) {
				case VIEWER, OPERATOR, ADMIN ->
					(ROLES.indexOf(caller.name().toLowerCase()) >= ROLES.indexOf(operation.role())) ? 0 : 403;
				default -> 401;
			};
		};
	}

	private ApiResponse call(Fixture fixture, Samples samples, Operation operation, @Nullable String credential) {
		Map<String, String> ids = fresh(fixture, operation);
		FuzzCases cases = new FuzzCases(samples, new BodyMutations(new java.util.Random(1), 1), ids, Map.of(),
				Map.of());
		FuzzRequest request = cases.valid(operation, credential);
		return new RawHttp(this.port).send(operation.method(), request.target(), request.headers(), request.body());
	}

	/**
	 * A resource of its own for an operation on one (deleting one must not spoil the
	 * others).
	 */
	private static Map<String, String> fresh(Fixture fixture, Operation operation) {
		if (!operation.path().contains("{")) {
			return Map.of();
		}
		String collection = operation.path().substring(0, operation.path().indexOf("/{"));
		for (Operation create : Operation.all()) {
			if (Fixture.creates(create) && create.path().equals(collection)) {
				return Map.of(collection, Fixture.create(fixture.admin(), new Samples(Map.of(), false), create));
			}
		}
		return Map.of();
	}

	private static void assertAnswer(Operation operation, int expected, ApiResponse response) {
		if (expected == 0) {
			assertThat(response.status()).as(response.body()).isBetween(200, 499).isNotIn(401, 403);
		}
		else {
			assertThat(response.status()).as(response.body()).isEqualTo(expected);
		}
		OpenApiContract.get()
			.assertResponseMatches(operation.method(), operation.path(), response.status(), response.contentType(),
					response.body());
	}

	private static Map<Caller, String> credentials(Fixture fixture) {
		Map<Caller, String> credentials = new java.util.EnumMap<>(Caller.class);
		credentials.put(Caller.BAD_TOKEN, "not-a-token-" + UUID.randomUUID());
		credentials.put(Caller.ADMIN, fixture.credentials().get(Operation.Credential.API_TOKEN));
		credentials.put(Caller.HOST_TOKEN, fixture.credentials().get(Operation.Credential.HOST_TOKEN));
		credentials.put(Caller.ENROLLMENT_SECRET, fixture.credentials().get(Operation.Credential.ENROLLMENT_SECRET));
		for (Caller role : List.of(Caller.VIEWER, Caller.OPERATOR)) {
			credentials.put(role,
					fixture.admin()
						.post("/api/v1/tokens",
								"{\"name\":\"matrix-" + role.name().toLowerCase() + "\",\"role\":\""
										+ role.name().toLowerCase() + "\"}")
						.json()
						.get("secret")
						.stringValue());
		}
		return credentials;
	}

}
