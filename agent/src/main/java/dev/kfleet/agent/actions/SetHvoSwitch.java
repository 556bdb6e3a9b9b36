package dev.kfleet.agent.actions;

import java.io.IOException;
import java.util.Optional;
import java.util.Set;

import dev.kfleet.agent.server.Action;

/**
 * {@code hvo.set-switch} {@code {"enabled": bool, "persist": bool}}: writes the runtime
 * switch, reads it back, and with {@code persist} writes the sysctl drop-in. The switch
 * affects only HugeTLB pages allocated afterwards (kernel-facts.md §1.1); the detail says
 * so.
 */
final class SetHvoSwitch implements ActionHandler {

	static final String TYPE = "hvo.set-switch";

	private final HostKernel kernel;

	private final SwitchPersistence persistence;

	SetHvoSwitch(HostKernel kernel, SwitchPersistence persistence) {
		this.kernel = kernel;
		this.persistence = persistence;
	}

	@Override
	public String type() {
		return TYPE;
	}

	@Override
	public Done apply(Action action, String origin) throws BadParametersException {
		Parameters parameters = Parameters.of(action.parameters(), Set.of("enabled", "persist"));
		boolean enabled = parameters.bool("enabled")
			.orElseThrow(() -> new BadParametersException("\"enabled\" (true or false) is required"));
		boolean persist = parameters.bool("persist").orElse(false);
		try {
			Optional<Boolean> before = this.kernel.hvoSwitch();
			if (before.isEmpty()) {
				return Done.failed("this kernel has no runtime HVO switch (" + SysfsKernel.SWITCH
						+ " is absent: a kernel before 5.19, HVO not built, or no optimizable HugeTLB size)");
			}
			this.kernel.setHvoSwitch(enabled);
			Optional<Boolean> after = this.kernel.hvoSwitch();
			if (!after.equals(Optional.of(enabled))) {
				return Done.failed("wrote " + bit(enabled) + " to " + SysfsKernel.SWITCH + " but it reads "
						+ after.map(SetHvoSwitch::bit).orElse("nothing"));
			}
			String detail = "the switch was " + bit(before.get()) + " and is " + bit(enabled) + "; " + effect(enabled);
			if (!persist) {
				return Done.succeeded(detail + " Not persisted: a reboot restores the boot default.");
			}
			return persist(enabled, origin, detail);
		}
		catch (IOException ex) {
			return Done.failed("the kernel refused the switch: " + describe(ex));
		}
	}

	private Done persist(boolean enabled, String origin, String detail) {
		try {
			return Done.succeeded(detail + " Persisted in " + this.persistence.persist(enabled, origin) + ".");
		}
		catch (IOException ex) {
			return Done
				.failed(detail + " But the drop-in could not be written, so a reboot undoes it: " + describe(ex));
		}
	}

	private static String effect(boolean enabled) {
		return enabled
				? "HugeTLB pages allocated from now on are optimized; pages allocated before stay as they are"
						+ " (rebuild the free ones with hvo.rebuild-free-pages)."
				: "HugeTLB pages allocated from now on are not optimized; optimized pages stay optimized until freed.";
	}

	static String describe(IOException ex) {
		String type = ex.getClass().getSimpleName();
		return (ex.getMessage() != null) ? type + ": " + ex.getMessage() : type;
	}

	private static String bit(boolean value) {
		return value ? "1" : "0";
	}

}
