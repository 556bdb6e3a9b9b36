package dev.kfleet;

import com.tngtech.archunit.core.domain.JavaClass;
import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/**
 * The modules and the dependencies between them are the ones their
 * {@code package-info.java} declare (ADR 0002). The module diagrams and canvases are
 * written to {@code docs/modules}, where they are committed: a change to the modules
 * shows there in the same change.
 */
class ModularityTests {

	/** Where the diagrams go, from the service's directory (the tests' working one). */
	static final String DOCUMENTATION = "../docs/modules";

	/**
	 * The service's modules. The agent's classes ({@code dev.kfleet.agent}, on the test
	 * classpath for the tests that run it) are another program, not a module.
	 */
	static final ApplicationModules MODULES = ApplicationModules.of(KfleetApplication.class,
			JavaClass.Predicates.resideInAPackage("dev.kfleet.agent.."));

	@Test
	void modulesOnlyDependOnWhatTheyDeclare() {
		MODULES.verify();
	}

	@Test
	void writesTheModuleDocumentation() {
		new Documenter(MODULES, DOCUMENTATION).writeDocumentation();
	}

}
