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

	static Enrollment enrollment(Object tree, boolean created) {
		Map<?, ?> body = Tree.object(tree, "the enroll response");
		return new Enrollment(Tree.string(body, "hostId"), Tree.string(body, "hostToken"),
				positive(Tree.integer(body, "checkInIntervalSeconds"), "checkInIntervalSeconds"), created);
	}

	static CheckInResponse checkInResponse(Object tree) {
		Map<?, ?> body = Tree.object(tree, "the check-in response");
		return new CheckInResponse(Tree.bool(body, "accepted"), Tree.integer(body, "acknowledgedSequence"),
				Tree.bool(body, "fullReportWanted"),
				positive(Tree.integer(body, "nextCheckInSeconds"), "nextCheckInSeconds"),
				desiredState(Tree.object(body.get("desiredState"), "desiredState")));
	}

	static DesiredState desiredState(Map<?, ?> tree) {
		List<Action> actions = new ArrayList<>();
		for (Object item : Tree.array(tree, "actions")) {
			Map<?, ?> action = Tree.object(item, "an action");
			actions.add(new Action(Tree.string(action, "id"), Tree.string(action, "type"),
					stringKeys(Tree.object(action.get("parameters"), "the parameters of an action"))));
		}
		return new DesiredState(Tree.integer(tree, "version"), actions);
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
			return new ActionResult(Tree.integer(result, "desiredVersion"), Tree.string(result, "actionId"),
					Tree.string(result, "type"), outcome(Tree.string(result, "outcome")), Tree.string(result, "detail"),
					Tree.string(result, "startedAt"), Tree.string(result, "finishedAt"), pools);
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

	private static long positive(long value, String name) {
		if (value < 1) {
			throw new Tree.MalformedException("\"" + name + "\" is " + value + ", not at least 1");
		}
		return value;
	}

}
