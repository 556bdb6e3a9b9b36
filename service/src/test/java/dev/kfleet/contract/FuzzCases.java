package dev.kfleet.contract;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The requests the fuzz test sends to one operation: a valid one, then one per hostile
 * value of each path, query and header parameter, one per hostile change of the body
 * ({@link BodyMutations}) and bodies that are broken as a whole.
 */
final class FuzzCases {

	/** Larger than any request size limit of the service (1 MB, 512 KB for agents). */
	private static final int OVERSIZED = 2 * 1024 * 1024;

	private final Samples samples;

	private final BodyMutations mutations;

	private final Map<String, String> ids;

	private final Map<Operation.Credential, String> credentials;

	private final Map<String, BiFunction<BodyMutations.Mutation, JsonNode, String>> fixups;

	/**
	 * @param ids a valid id for the path variables under each collection
	 * ({@code /api/v1/hosts} → a host's id); others get a random UUID
	 * @param credentials a valid credential of each kind
	 * @param fixups per operation id, how a body is written so that its other rules hold
	 * (a check-in's hash and sequence)
	 */
	FuzzCases(Samples samples, BodyMutations mutations, Map<String, String> ids,
			Map<Operation.Credential, String> credentials,
			Map<String, BiFunction<BodyMutations.Mutation, JsonNode, String>> fixups) {
		this.samples = samples;
		this.mutations = mutations;
		this.ids = ids;
		this.credentials = credentials;
		this.fixups = fixups;
	}

	/** A valid request to the operation, with the given credential (or none). */
	FuzzRequest valid(Operation operation, @Nullable String credential) {
		JsonNode body = (operation.body() != null) ? this.samples.of(operation.body()) : null;
		return request(operation, "valid", path(operation, null, null), List.of(),
				(body != null) ? write(operation, new BodyMutations.Mutation(List.of(), "valid", ""), body) : null,
				operation.mediaType(), credential);
	}

	List<FuzzRequest> of(Operation operation) {
		String credential = this.credentials.get(operation.credential());
		List<FuzzRequest> requests = new ArrayList<>();
		requests.add(valid(operation, credential));
		for (Operation.Parameter parameter : operation.parameters()) {
			switch (parameter.in()) {
				case "path" -> Hostile.encoded(parameter.schema())
					.forEach((value) -> requests
						.add(request(operation, "path " + parameter.name() + ": " + value.label(),
								path(operation, parameter.name(), value.text()), List.of(), body(operation),
								operation.mediaType(), credential)));
				case "query" -> query(operation, parameter, credential, requests);
				case "header" -> Hostile.texts(parameter.schema())
					.stream()
					.filter((value) -> value.text().indexOf('\r') < 0 && value.text().indexOf('\n') < 0)
					.forEach((value) -> requests
						.add(request(operation, "header " + parameter.name() + ": " + value.label(),
								path(operation, null, null), List.of(parameter.name(), value.text()), body(operation),
								operation.mediaType(), credential)));
				default -> throw new IllegalStateException("Parameter in " + parameter.in());
			}
		}
		requests.add(request(operation, "unknown query parameter", path(operation, null, null) + "?fuzzUnknown=1",
				List.of(), body(operation), operation.mediaType(), credential));
		if (operation.body() != null) {
			bodies(operation, credential, requests);
		}
		return requests;
	}

	private void query(Operation operation, Operation.Parameter parameter, String credential,
			List<FuzzRequest> requests) {
		String base = path(operation, null, null) + "?" + parameter.name() + "=";
		for (Hostile value : Hostile.encoded(parameter.schema())) {
			requests.add(request(operation, "query " + parameter.name() + ": " + value.label(), base + value.text(),
					List.of(), body(operation), operation.mediaType(), credential));
		}
		requests.add(request(operation, "query " + parameter.name() + " twice", base + "1&" + parameter.name() + "=2",
				List.of(), body(operation), operation.mediaType(), credential));
	}

	private void bodies(Operation operation, String credential, List<FuzzRequest> requests) {
		JsonNode valid = this.samples.of(operation.body());
		for (BodyMutations.Mutation mutation : this.mutations.of(operation.body(), valid)) {
			requests.add(request(operation, "body " + mutation.where() + ": " + mutation.label(),
					path(operation, null, null), List.of(), write(operation, mutation, valid), operation.mediaType(),
					credential));
		}
		String text = new String(write(operation, new BodyMutations.Mutation(List.of(), "valid", ""), valid),
				StandardCharsets.UTF_8);
		List<String[]> broken = List.of(new String[] { "empty", "" }, new String[] { "not JSON", "not json" },
				new String[] { "cut short", text.substring(0, text.length() / 2) }, new String[] { "an array", "[]" },
				new String[] { "a string", "\"x\"" }, new String[] { "a number", "1e400" },
				new String[] { "null", "null" }, new String[] { "trailing garbage", text + "x" },
				new String[] { "two documents", text + text },
				new String[] { "nested 10,000 deep", "[".repeat(10_000) + "]".repeat(10_000) },
				new String[] { "byte order mark", "\uFEFF" + text }, new String[] { "oversized",
						text.substring(0, text.length() - 1) + ",\"pad\":\"" + "x".repeat(OVERSIZED) + "\"}" });
		for (String[] body : broken) {
			requests.add(request(operation, "body " + body[0], path(operation, null, null), List.of(),
					body[1].getBytes(StandardCharsets.UTF_8), operation.mediaType(), credential));
		}
		byte[] invalidUtf8 = { '{', '"', 'a', '"', ':', '"', (byte) 0xff, (byte) 0xfe, '"', '}' };
		requests.add(request(operation, "body invalid UTF-8", path(operation, null, null), List.of(), invalidUtf8,
				operation.mediaType(), credential));
		requests.add(request(operation, "body as text/plain", path(operation, null, null), List.of(),
				text.getBytes(StandardCharsets.UTF_8), "text/plain", credential));
		requests.add(request(operation, "body with a NUL in its media type", path(operation, null, null), List.of(),
				text.getBytes(StandardCharsets.UTF_8), operation.mediaType() + "; charset=\u0000", credential));
	}

	private byte @Nullable [] body(Operation operation) {
		if (operation.body() == null) {
			return null;
		}
		return write(operation, new BodyMutations.Mutation(List.of(), "valid", ""), this.samples.of(operation.body()));
	}

	private byte[] write(Operation operation, BodyMutations.Mutation mutation, JsonNode valid) {
		BiFunction<BodyMutations.Mutation, JsonNode, String> fixup = this.fixups.get(operation.id());
		String text;
		if (fixup != null) {
			text = fixup.apply(mutation, valid);
		}
		else {
			text = mutation.at().isEmpty() && mutation.raw().isEmpty() ? BodyMutations.JSON.writeValueAsString(valid)
					: mutation.apply(valid);
		}
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private String path(Operation operation, @Nullable String hostileName, @Nullable String hostileValue) {
		StringBuilder path = new StringBuilder();
		for (String segment : operation.path().substring(1).split("/")) {
			path.append('/');
			if (segment.startsWith("{")) {
				String name = segment.substring(1, segment.length() - 1);
				path.append(name.equals(hostileName) ? hostileValue : id(operation, name, path.toString()));
			}
			else {
				path.append(segment);
			}
		}
		return path.toString();
	}

	/**
	 * A valid value of a path variable: the id of a resource of the collection, a random
	 * UUID, or 1 for an integer id.
	 */
	private String id(Operation operation, String name, String collection) {
		boolean integer = operation.parameters()
			.stream()
			.anyMatch((parameter) -> parameter.name().equals(name) && "path".equals(parameter.in())
					&& "integer".equals(parameter.schema().path("type").asString("")));
		if (integer) {
			return "1";
		}
		String prefix = collection.substring(0, collection.length() - 1);
		return this.ids.getOrDefault(prefix, java.util.UUID.randomUUID().toString());
	}

	private static FuzzRequest request(Operation operation, String description, String target, List<String> extra,
			byte @Nullable [] body, @Nullable String mediaType, @Nullable String credential) {
		List<String> headers = new ArrayList<>();
		if (credential != null) {
			headers.addAll(List.of("Authorization", "Bearer " + credential));
		}
		if (body != null && mediaType != null) {
			headers.addAll(List.of("Content-Type", mediaType));
		}
		headers.addAll(extra);
		return new FuzzRequest(operation, description, target, headers, body);
	}

}
