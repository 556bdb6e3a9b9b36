package dev.kfleet.agent.server;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.kfleet.agent.json.Json;
import dev.kfleet.agent.report.ReportJson;

/**
 * The agent API's JSON bodies: requests written compactly, responses parsed from trees.
 * The report is spliced into a check-in as the exact text its hash was computed over.
 */
public final class Wire {

	private Wire() {
	}

	static String enrollBody(EnrollRequest request) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("machineId", request.machineId());
		body.put("hostname", request.hostname());
		body.put("kernelRelease", request.kernelRelease().orElse(null));
		body.put("agentVersion", request.agentVersion());
		request.hostToken().ifPresent((token) -> body.put("hostToken", token));
		request.requestKey().ifPresent((key) -> body.put("requestKey", key));
		return Json.write(body, false);
	}

	static String checkInBody(CheckInRequest request) {
		StringBuilder sb = new StringBuilder(request.reportJson().map(String::length).orElse(0) + 256);
		sb.append("{\"agentVersion\":").append(Json.write(request.agentVersion(), false));
		sb.append(",\"sequence\":").append(request.sequence());
		sb.append(",\"reportHash\":").append(Json.write(request.reportHash(), false));
		request.reportJson().ifPresent((report) -> sb.append(",\"report\":").append(report));
		if (!request.actionResults().isEmpty()) {
			sb.append(",\"actionResults\":").append(ReportJson.toJson(request.actionResults(), false));
		}
		return sb.append('}').toString();
	}

	/**
	 * Reads an enroll response. The host id and token are checked (they are kept in the
	 * state file and the token goes into headers); the interval is kept as sent, for the
	 * caller to clamp ({@link Bounds#interval}).
	 */
	static Enrollment enrollment(Object tree, boolean created) {
		Map<?, ?> body = Tree.object(tree, "the enroll response");
		String hostId = Tree.string(body, "hostId");
		String token = Tree.string(body, "hostToken");
		return new Enrollment(Bounds.matching(hostId, Bounds.isUuid(hostId), "hostId", "a UUID"),
				Bounds.matching(token, Bounds.isToken(token), "hostToken",
						"1 to 256 printable ASCII characters without spaces"),
				Tree.integer(body, "checkInIntervalSeconds"), created);
	}

	/**
	 * Reads a check-in response: a sequence or version outside the contract's bounds
	 * makes it not the contract's; the interval is kept as sent, for the caller to clamp.
	 */
	static CheckInResponse checkInResponse(Object tree) {
		Map<?, ?> body = Tree.object(tree, "the check-in response");
		return new CheckInResponse(Tree.bool(body, "accepted"),
				Bounds.within(Tree.integer(body, "acknowledgedSequence"), 0, Bounds.MAX_SEQUENCE,
						"acknowledgedSequence"),
				Tree.bool(body, "fullReportWanted"), Tree.integer(body, "nextCheckInSeconds"),
				desiredState(Tree.object(body.get("desiredState"), "desiredState")));
	}

	static DesiredState desiredState(Map<?, ?> tree) {
		List<?> items = Tree.array(tree, "actions");
		Bounds.within(items.size(), 0, Bounds.MAX_ACTIONS, "actions.length");
		List<Action> actions = new ArrayList<>();
		for (Object item : items) {
			Map<?, ?> action = Tree.object(item, "an action");
			String type = Tree.string(action, "type");
			actions.add(new Action(Tree.string(action, "id"),
					Bounds.matching(type, type.codePointCount(0, type.length()) <= Bounds.MAX_ACTION_TYPE, "type",
							"at most " + Bounds.MAX_ACTION_TYPE + " characters"),
					stringKeys(Tree.object(action.get("parameters"), "the parameters of an action"))));
		}
		return new DesiredState(
				Bounds.within(Tree.integer(tree, "version"), 0, Bounds.MAX_VERSION, "desiredState.version"), actions);
	}

	/**
	 * Reads an action result back from its JSON tree (as {@code ReportJson} wrote it).
	 * @param tree the tree
	 * @return the result
	 * @throws IllegalArgumentException if the tree is not an action result
	 */
	public static ActionResult actionResult(Object tree) {
		try {
			Map<?, ?> result = Tree.object(tree, "an action result");
			List<PoolChange> pools = new ArrayList<>();
			for (Object item : Tree.array(result, "pools")) {
				Map<?, ?> pool = Tree.object(item, "a pool change");
				pools.add(new PoolChange(Tree.integer(pool, "pageSizeBytes"), Tree.integer(pool, "totalBefore"),
						Tree.integer(pool, "freeBefore"), Tree.integer(pool, "totalAfter"),
						Tree.integer(pool, "freeAfter")));
			}
			List<ModuleChange> modules = new ArrayList<>();
			if (result.containsKey("modules")) {
				for (Object item : Tree.array(result, "modules")) {
					Map<?, ?> module = Tree.object(item, "a module change");
					modules.add(new ModuleChange(Tree.string(module, "name"), Tree.bool(module, "loadedBefore"),
							Tree.bool(module, "loadedAfter")));
				}
			}
			return new ActionResult(Tree.integer(result, "desiredVersion"), Tree.string(result, "actionId"),
					Tree.string(result, "type"), outcome(Tree.string(result, "outcome")), Tree.string(result, "detail"),
					Tree.string(result, "startedAt"), Tree.string(result, "finishedAt"), pools, modules);
		}
		catch (Tree.MalformedException ex) {
			throw new IllegalArgumentException(ex.getMessage(), ex);
		}
	}

	private static ActionOutcome outcome(String text) {
		try {
			return ActionOutcome.valueOf(text.toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new Tree.MalformedException("\"outcome\" is not one of succeeded, failed, refused");
		}
	}

	private static Map<String, Object> stringKeys(Map<?, ?> map) {
		Map<String, Object> copy = new LinkedHashMap<>();
		map.forEach((key, value) -> copy.put((String) key, value));
		return copy;
	}

}
