package dev.kfleet.agent.daemon;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.kfleet.agent.hvo.MemmapBaseline;
import dev.kfleet.agent.json.Json;
import dev.kfleet.agent.json.JsonReader;
import dev.kfleet.agent.report.ReportJson;
import dev.kfleet.agent.server.Acknowledged;
import dev.kfleet.agent.server.ActionResult;
import dev.kfleet.agent.server.Bounds;
import dev.kfleet.agent.server.RequestKey;
import dev.kfleet.agent.server.Wire;

/**
 * {@code state.json}: the {@link AgentState} as a small JSON document with a format
 * version, so a later agent can read an earlier agent's file (members added since are
 * optional). Reading checks every value against the bounds the agent keeps (a sequence
 * within 1 to 2^53, a version within 0 to 2^53 − 1, a token and request key of their
 * form): a file that breaks one is unreadable.
 */
final class StateJson {

	static final long FORMAT = 1;

	private StateJson() {
	}

	static String write(AgentState state) {
		Map<String, Object> tree = new LinkedHashMap<>();
		tree.put("format", FORMAT);
		tree.put("server", state.server());
		tree.put("machineId", state.machineId());
		tree.put("hostId", state.hostId().orElse(null));
		tree.put("hostToken", state.hostToken().orElse(null));
		tree.put("nextSequence", state.nextSequence());
		tree.put("acknowledgedReport",
				state.acknowledged()
					.map((ack) -> Map.of("hash", ack.hash(), "contentHash", ack.contentHash()))
					.orElse(null));
		tree.put("appliedDesiredVersion", state.appliedDesiredVersion());
		tree.put("memmapBaseline", state.baseline().map(StateJson::baseline).orElse(null));
		tree.put("pendingResults", JsonReader.parse(ReportJson.toJson(state.pendingResults(), false)));
		Map<String, Object> rebuilds = new LinkedHashMap<>();
		state.rebuilds().forEach((size, totals) -> {
			Map<String, Object> byTarget = new LinkedHashMap<>();
			totals.forEach((target, total) -> byTarget.put(Integer.toString(target), total));
			rebuilds.put(Long.toString(size), byTarget);
		});
		tree.put("poolsBeingRebuilt", rebuilds);
		tree.put("requestKey", state.requestKey().orElse(null));
		tree.put("renewal", state.renewal());
		return Json.write(tree, true) + "\n";
	}

	static AgentState read(String text) {
		if (!(JsonReader.parse(text) instanceof Map<?, ?> tree)) {
			throw new IllegalArgumentException("not a JSON object");
		}
		if (!Long.valueOf(FORMAT).equals(tree.get("format"))) {
			throw new IllegalArgumentException("unknown format " + tree.get("format"));
		}
		return new AgentState(string(tree, "server"), string(tree, "machineId"), optionalString(tree, "hostId"),
				token(tree), within(tree, "nextSequence", 1, Bounds.MAX_SEQUENCE + 1),
				acknowledged(tree.get("acknowledgedReport")),
				within(tree, "appliedDesiredVersion", 0, Bounds.MAX_VERSION), baseline(tree.get("memmapBaseline")),
				results(tree.get("pendingResults")), rebuilds(tree.get("poolsBeingRebuilt")), requestKey(tree),
				Boolean.TRUE.equals(tree.get("renewal")));
	}

	/**
	 * Reads what an unreadable state file still tells of its enrollment: the host id, the
	 * token (to present as proof when enrolling again) and the version applied.
	 * @param text the file's text
	 * @return what could be read, or empty
	 */
	static Optional<Salvaged> salvage(String text) {
		try {
			if (JsonReader.parse(text) instanceof Map<?, ?> tree && tree.get("server") instanceof String server
					&& tree.get("machineId") instanceof String machineId && tree.get("hostId") instanceof String hostId
					&& tree.get("hostToken") instanceof String token && Bounds.isToken(token)) {
				long applied = (tree.get("appliedDesiredVersion") instanceof Long v && v >= 0
						&& v <= Bounds.MAX_VERSION) ? v : 0;
				return Optional.of(new Salvaged(server, machineId, hostId, token, applied));
			}
		}
		catch (RuntimeException ex) {
			// nothing can be saved
		}
		return Optional.empty();
	}

	private static Optional<String> token(Map<?, ?> tree) {
		Optional<String> token = optionalString(tree, "hostToken");
		if (token.isPresent() && !Bounds.isToken(token.get())) {
			throw new IllegalArgumentException("hostToken is not a token");
		}
		return token;
	}

	private static Optional<String> requestKey(Map<?, ?> tree) {
		Optional<String> key = optionalString(tree, "requestKey");
		if (key.isPresent() && !RequestKey.isKey(key.get())) {
			throw new IllegalArgumentException("requestKey is not a request key");
		}
		return key;
	}

	private static long within(Map<?, ?> tree, String name, long min, long max) {
		long value = number(tree, name);
		if (value < min || value > max) {
			throw new IllegalArgumentException(name + " is " + value + ", not within " + min + " to " + max);
		}
		return value;
	}

	/**
	 * What an unreadable state file still tells.
	 *
	 * @param server the service it belongs to
	 * @param machineId the machine id enrolled with
	 * @param hostId the host id
	 * @param hostToken the token, to present as proof only
	 * @param appliedDesiredVersion the version applied, 0 when it was out of bounds
	 */
	record Salvaged(String server, String machineId, String hostId, String hostToken, long appliedDesiredVersion) {

		@Override
		public String toString() {
			return "Salvaged[server=" + this.server + ", hostId=" + this.hostId
					+ ", hostToken=(hidden), appliedDesiredVersion=" + this.appliedDesiredVersion + "]";
		}

	}

	private static Map<String, Object> baseline(MemmapBaseline baseline) {
		Map<String, Object> tree = new LinkedHashMap<>();
		tree.put("memmapPages", baseline.memmapPages());
		tree.put("memoryBlocks", baseline.memoryBlocks());
		tree.put("bootId", baseline.bootId());
		return tree;
	}

	private static Optional<MemmapBaseline> baseline(Object value) {
		if (value == null) {
			return Optional.empty();
		}
		Map<?, ?> tree = object(value, "memmapBaseline");
		return Optional
			.of(new MemmapBaseline(number(tree, "memmapPages"), number(tree, "memoryBlocks"), string(tree, "bootId")));
	}

	private static Optional<Acknowledged> acknowledged(Object value) {
		if (value == null) {
			return Optional.empty();
		}
		Map<?, ?> tree = object(value, "acknowledgedReport");
		return Optional.of(new Acknowledged(string(tree, "hash"), string(tree, "contentHash")));
	}

	private static List<ActionResult> results(Object value) {
		if (!(value instanceof List<?> items)) {
			throw new IllegalArgumentException("pendingResults is not an array");
		}
		List<ActionResult> results = new ArrayList<>();
		for (Object item : items) {
			results.add(Wire.actionResult(item));
		}
		return results;
	}

	private static Map<Long, Map<Integer, Long>> rebuilds(Object value) {
		Map<Long, Map<Integer, Long>> rebuilds = new LinkedHashMap<>();
		object(value, "poolsBeingRebuilt").forEach((size, totals) -> {
			Map<Integer, Long> byTarget = new LinkedHashMap<>();
			object(totals, "a pool being rebuilt").forEach((target, total) -> byTarget
				.put(Integer.parseInt((String) target), number(Map.of("total", total), "total")));
			rebuilds.put(Long.parseLong((String) size), byTarget);
		});
		return rebuilds;
	}

	private static Map<?, ?> object(Object value, String name) {
		if (value instanceof Map<?, ?> map) {
			return map;
		}
		throw new IllegalArgumentException(name + " is not an object");
	}

	private static String string(Map<?, ?> tree, String name) {
		if (tree.get(name) instanceof String s) {
			return s;
		}
		throw new IllegalArgumentException(name + " is not a string");
	}

	private static Optional<String> optionalString(Map<?, ?> tree, String name) {
		return (tree.get(name) == null) ? Optional.empty() : Optional.of(string(tree, name));
	}

	private static long number(Map<?, ?> tree, String name) {
		if (tree.get(name) instanceof Long l && l >= 0) {
			return l;
		}
		throw new IllegalArgumentException(name + " is not a whole number");
	}

}
