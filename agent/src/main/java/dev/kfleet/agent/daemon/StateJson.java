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
import dev.kfleet.agent.server.Wire;

/**
 * {@code state.json}: the {@link AgentState} as a small JSON document with a format
 * version, so a later agent can read an earlier agent's file.
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
				optionalString(tree, "hostToken"), number(tree, "nextSequence"),
				acknowledged(tree.get("acknowledgedReport")), number(tree, "appliedDesiredVersion"),
				baseline(tree.get("memmapBaseline")), results(tree.get("pendingResults")),
				rebuilds(tree.get("poolsBeingRebuilt")));
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
