package dev.kfleet.agent.actions;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import dev.kfleet.agent.report.KernelModule;
import dev.kfleet.agent.report.ModuleState;
import dev.kfleet.agent.report.ReportJson;
import dev.kfleet.agent.server.Action;
import dev.kfleet.agent.server.ActionOutcome;
import dev.kfleet.agent.server.ModuleChange;
import dev.kfleet.agent.vduse.ModulesReader;

/**
 * {@code vduse.load-modules} {@code {"persist": bool}} ({@code persist} defaults to
 * true): loads {@code vdpa}, {@code vduse}, {@code virtio_vdpa} and {@code vhost_vdpa}
 * (each not yet in the kernel, in that order, with {@code modprobe}: ADR 0034), reads
 * them back, and with {@code persist} writes the modules-load.d file so that they load at
 * every boot. A kernel built without one of them fails before anything is loaded; the
 * result lists each module before and after.
 */
final class LoadVduseModules implements ActionHandler {

	static final String TYPE = "vduse.load-modules";

	private final KernelModules kernel;

	private final ModulesPersistence persistence;

	LoadVduseModules(KernelModules kernel, ModulesPersistence persistence) {
		this.kernel = kernel;
		this.persistence = persistence;
	}

	@Override
	public String type() {
		return TYPE;
	}

	@Override
	public Done apply(Action action, String origin) throws BadParametersException {
		boolean persist = Parameters.of(action.parameters(), Set.of("persist")).bool("persist").orElse(true);
		List<KernelModule> before = this.kernel.vduseModules();
		List<String> notBuilt = before.stream()
			.filter((m) -> m.state().orElse(ModuleState.NOT_LOADED) == ModuleState.NOT_BUILT)
			.map((m) -> m.configOption() + " (" + m.name() + ")")
			.toList();
		if (!notBuilt.isEmpty()) {
			return done(ActionOutcome.FAILED,
					"this kernel is built without " + String.join(", ", notBuilt)
							+ ": VDUSE needs vdpa, vduse, virtio_vdpa and vhost_vdpa. Nothing was loaded.",
					before, before);
		}
		List<String> loaded = new ArrayList<>();
		Optional<String> failure = loadMissing(before, loaded);
		List<KernelModule> after = this.kernel.vduseModules();
		String detail = loadedDetail(before, loaded);
		Optional<String> problem = failure.or(() -> notShown(after));
		if (problem.isPresent()) {
			return done(ActionOutcome.FAILED, detail + problem.get(), before, after);
		}
		if (!persist) {
			return done(ActionOutcome.SUCCEEDED, detail + "Not persisted: a reboot unloads them.", before, after);
		}
		return persist(detail, origin, before, after);
	}

	/**
	 * Loads each module not in the kernel, in order, noting what was loaded; stops at the
	 * first failure.
	 */
	private Optional<String> loadMissing(List<KernelModule> before, List<String> loaded) {
		for (KernelModule module : before) {
			if (ModulesReader.present(module)) {
				continue;
			}
			try {
				String said = this.kernel.load(module.name());
				loaded.add(said.isEmpty() ? module.name() : module.name() + " (modprobe said: " + said + ")");
			}
			catch (IOException ex) {
				return Optional.of("Loading " + module.name() + " failed: " + ex.getMessage());
			}
		}
		return Optional.empty();
	}

	/** The modules the kernel does not show after loading, if any, and why. */
	private static Optional<String> notShown(List<KernelModule> after) {
		List<String> missing = after.stream()
			.filter((m) -> !ModulesReader.present(m))
			.map(LoadVduseModules::why)
			.toList();
		return missing.isEmpty() ? Optional.empty()
				: Optional.of("The kernel does not show as loaded: " + String.join("; ", missing) + ".");
	}

	private Done persist(String detail, String origin, List<KernelModule> before, List<KernelModule> after) {
		try {
			return done(ActionOutcome.SUCCEEDED,
					detail + "Persisted in " + this.persistence.persist(ModulesReader.NAMES, origin) + ".", before,
					after);
		}
		catch (IOException ex) {
			return done(ActionOutcome.FAILED, detail + "But the modules-load.d file could not be written, so a reboot"
					+ " unloads them: " + SetHvoSwitch.describe(ex), before, after);
		}
	}

	private static String loadedDetail(List<KernelModule> before, List<String> loaded) {
		List<String> already = before.stream().filter(ModulesReader::present).map(KernelModule::name).toList();
		StringBuilder detail = new StringBuilder();
		if (!loaded.isEmpty()) {
			detail.append("Loaded ").append(String.join(", ", loaded)).append(" with modprobe. ");
		}
		if (!already.isEmpty()) {
			detail.append(already.size() == before.size() ? "All four were in the kernel already: "
					: "Already in the kernel: ")
				.append(String.join(", ", already))
				.append(". ");
		}
		return detail.toString();
	}

	private static String why(KernelModule module) {
		return module.name() + module.state()
			.unknownReason()
			.map((reason) -> " (unknown: " + reason + ")")
			.orElseGet(() -> " (" + ReportJson.jsonName(module.state().orElseThrow()) + ")");
	}

	private static Done done(ActionOutcome outcome, String detail, List<KernelModule> before,
			List<KernelModule> after) {
		List<ModuleChange> changes = new ArrayList<>();
		for (int i = 0; i < before.size(); i++) {
			changes.add(new ModuleChange(before.get(i).name(), ModulesReader.present(before.get(i)),
					ModulesReader.present(after.get(i))));
		}
		return new Done(outcome, detail.strip(), List.of(), changes);
	}

}
