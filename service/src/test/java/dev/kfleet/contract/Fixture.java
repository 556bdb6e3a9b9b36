package dev.kfleet.contract;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

import dev.kfleet.ApiClient;
import dev.kfleet.ApiResponse;
import dev.kfleet.KfleetIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the contract-driven tests call with: a credential of each kind, and a resource of
 * each collection the contract lets an admin create (made through the contract's own
 * create operations, with sample bodies).
 *
 * @param credentials a valid credential of each kind (the bootstrap admin token for the
 * operator API)
 * @param ids the id of a resource under each collection path
 * @param admin a client with the admin token
 */
record Fixture(Map<Operation.Credential, String> credentials, Map<String, String> ids, ApiClient admin) {

	static Fixture create(int port) {
		ApiClient anonymous = new ApiClient(port);
		ApiClient admin = anonymous.as(KfleetIntegrationTest.ADMIN_TOKEN);
		String secret = admin.post("/api/v1/enrollment-secrets", "{\"name\":\"fuzz-enroll\"}")
			.json()
			.get("value")
			.stringValue();
		ApiResponse enrolled = anonymous.as(secret)
			.post("/agent/v1/enroll", """
					{"machineId":"m-%s","hostname":"fuzz","kernelRelease":"6.18.44","agentVersion":"0.1.0"}"""
				.formatted(UUID.randomUUID()));
		assertThat(enrolled.status()).as(enrolled.body()).isEqualTo(201);
		Map<Operation.Credential, String> credentials = Map.of(Operation.Credential.API_TOKEN,
				KfleetIntegrationTest.ADMIN_TOKEN, Operation.Credential.ENROLLMENT_SECRET, secret,
				Operation.Credential.HOST_TOKEN, enrolled.json().get("hostToken").stringValue());
		return new Fixture(credentials, ids(admin), admin);
	}

	/** A new resource of each collection an admin can create, by collection path. */
	static Map<String, String> ids(ApiClient admin) {
		Samples samples = new Samples(Map.of(), false);
		Map<String, String> ids = new HashMap<>();
		for (Operation operation : Operation.all()) {
			if (creates(operation)) {
				ids.put(operation.path(), create(admin, samples, operation));
			}
		}
		return ids;
	}

	/** Creates one resource with a sample body and returns its id. */
	static String create(ApiClient admin, Samples samples, Operation operation) {
		ApiResponse created = admin.post(operation.path(),
				BodyMutations.JSON.writeValueAsString(samples.of(operation.body())));
		assertThat(created.status()).as("%s: %s", operation, created.body()).isIn(200, 201);
		return id(created.json());
	}

	static boolean creates(Operation operation) {
		return "POST".equals(operation.method()) && !operation.path().contains("{")
				&& operation.credential() == Operation.Credential.API_TOKEN && operation.body() != null;
	}

	private static String id(JsonNode node) {
		if (node.has("id")) {
			return node.get("id").stringValue();
		}
		for (JsonNode child : node) {
			if (child.isObject()) {
				String id = id(child);
				if (id != null) {
					return id;
				}
			}
		}
		return null;
	}

}
