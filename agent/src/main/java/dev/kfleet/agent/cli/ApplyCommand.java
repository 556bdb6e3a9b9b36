package dev.kfleet.agent.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.kfleet.agent.HostCollector;
import dev.kfleet.agent.actions.ActionExecutor;
import dev.kfleet.agent.actions.HostModules;
import dev.kfleet.agent.actions.Modprobe;
import dev.kfleet.agent.actions.ModulesLoadFile;
import dev.kfleet.agent.actions.Pauser;
import dev.kfleet.agent.actions.PoolJournal;
import dev.kfleet.agent.actions.SysctlDropIn;
import dev.kfleet.agent.actions.SysfsKernel;
import dev.kfleet.agent.json.JsonException;
import dev.kfleet.agent.json.JsonReader;
import dev.kfleet.agent.json.JsonWriter;
import dev.kfleet.agent.report.ReportJson;
import dev.kfleet.agent.server.Action;
import dev.kfleet.agent.server.ActionOutcome;
import dev.kfleet.agent.server.ActionResult;
import dev.kfleet.agent.server.DesiredState;

/**
 * {@code apply --actions JSON [--root DIR] [--sysctl-dropin PATH] [--modules-load-file PATH]
 * [--pretty]}: applies actions on this host at once, without a service, with the daemon's
 * own actions and rules, and prints their results. A pool rebuild is refused here: it
 * needs the daemon's journal, which regrows a pool after a crash.
 */
final class ApplyCommand implements Command {

	static final String USAGE = """
			Usage: kfleet-agent apply --actions JSON [options]

			Applies actions on this host now, without a service, as the daemon applies a desired
			state (same actions, same checks), and prints the results as JSON: {"results": [...]},
			one ActionResult of openapi.yaml per action. The actions are given as an operator sets
			them (PUT /api/v1/hosts/{id}/desired-state), for example:

			  kfleet-agent apply --actions '{"actions":[{"type":"vduse.load-modules","parameters":{"persist":true}}]}'

			hvo.rebuild-free-pages fails here: its journal, which regrows a pool after a crash,
			is the daemon's. Set it as the host's desired state instead.

			Options:
			  --actions JSON              {"actions": [{"type": ..., "parameters": {...}}, ...]} (required)
			  --root DIR                  read and write /proc, /sys under DIR (default: $KFLEET_AGENT_ROOT, else /)
			  --sysctl-dropin PATH        what hvo.set-switch writes to persist (default %s)
			  --modules-load-file PATH    what vduse.load-modules writes to persist (default %s)
			  --pretty                    indent the JSON

			Exit codes: 0 every action succeeded, 1 failed (output not written), 2 wrong command
			            line or actions, 4 an action failed or was refused (the results say why).
			""".formatted(SysctlDropIn.DEFAULT, ModulesLoadFile.DEFAULT);

	static final int MAX_ACTIONS = 16;

	private static final PoolJournal NO_JOURNAL = new PoolJournal() {

		@Override
		public void begin(long pageSizeBytes, long total, Map<Integer, Long> nodeTotals) throws IOException {
			throw new IOException("kfleet-agent apply keeps no journal to regrow the pool after a crash;"
					+ " set hvo.rebuild-free-pages as the host's desired state for the daemon instead");
		}

		@Override
		public void end(long pageSizeBytes) {
		}

	};

	@Override
	public ExitCode run(List<String> args, Map<String, String> environment, PrintStream out) throws UsageException {
		Options options = Options.parse(args, Set.of("pretty"),
				Set.of("actions", "root", "sysctl-dropin", "modules-load-file"));
		DesiredState desired = new DesiredState(0,
				actions(options.value("actions").orElseThrow(() -> new UsageException("--actions is required"))));
		Path root = options.root(environment);
		Clock clock = Clock.systemUTC();
		Path dropIn = path(options, environment, "sysctl-dropin").orElse(SysctlDropIn.DEFAULT);
		Path modulesLoadFile = path(options, environment, "modules-load-file").orElse(ModulesLoadFile.DEFAULT);
		long pageSize = new HostCollector(root, clock).collect().kernel().pageSizeBytes().orElse(4096L);
		ActionExecutor executor = ActionExecutor.of(new SysfsKernel(root, pageSize), new SysctlDropIn(dropIn, clock),
				NO_JOURNAL, Pauser.SLEEP,
				new HostModules(root, new Modprobe(Modprobe.SEARCH_PATH, root, Modprobe.TIMEOUT)),
				new ModulesLoadFile(modulesLoadFile, clock), clock);
		List<ActionResult> results;
		try {
			results = executor.apply(desired, "kfleet-agent apply");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return ExitCode.FAILURE;
		}
		out.println(json(results, options.flag("pretty")));
		if (out.checkError()) {
			return ExitCode.FAILURE;
		}
		return results.stream().allMatch((r) -> r.outcome() == ActionOutcome.SUCCEEDED) ? ExitCode.OK
				: ExitCode.NOT_APPLIED;
	}

	/** The actions of {@code --actions}, with ids 1, 2, … */
	static List<Action> actions(String json) throws UsageException {
		Object tree;
		try {
			tree = JsonReader.parse(json);
		}
		catch (JsonException ex) {
			throw new UsageException("--actions is not JSON: " + ex.getMessage());
		}
		if (!(tree instanceof Map<?, ?> body) || !body.keySet().equals(Set.of("actions"))
				|| !(body.get("actions") instanceof List<?> items) || items.isEmpty() || items.size() > MAX_ACTIONS) {
			throw new UsageException("--actions needs {\"actions\": [...]} with 1 to " + MAX_ACTIONS + " actions");
		}
		List<Action> actions = new ArrayList<>();
		for (Object item : items) {
			if (!(item instanceof Map<?, ?> action) || !(action.get("type") instanceof String type)
					|| !Set.of("type", "parameters").containsAll(action.keySet())
					|| (action.containsKey("parameters") && !(action.get("parameters") instanceof Map))) {
				throw new UsageException("--actions: each action is {\"type\": \"...\", \"parameters\": {...}}");
			}
			Map<String, Object> parameters = new LinkedHashMap<>();
			if (action.get("parameters") instanceof Map<?, ?> given) {
				given.forEach((name, value) -> parameters.put((String) name, value));
			}
			actions.add(new Action(Integer.toString(actions.size() + 1), type, parameters));
		}
		return actions;
	}

	private static Optional<Path> path(Options options, Map<String, String> environment, String name) {
		return options.value(name)
			.or(() -> Optional.ofNullable(environment.get(RunOptions.environmentName(name))))
			.filter((v) -> !v.isBlank())
			.map((v) -> Path.of(System.getProperty("kfleet.agent.cwd", "")).resolve(v));
	}

	@Override
	public String usage() {
		return USAGE;
	}

	/** {@code {"results": [...]}}. */
	static String json(List<ActionResult> results, boolean pretty) {
		StringBuilder sb = new StringBuilder();
		JsonWriter writer = new JsonWriter(sb, pretty);
		writer.beginObject();
		writer.name("results");
		ReportJson.write(writer, results);
		writer.endObject();
		writer.finish();
		return sb.toString();
	}

}
