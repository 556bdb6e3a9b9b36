package dev.kfleet;

import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/**
 * The modules and the dependencies between them are the ones their
 * {@code package-info.java} declare; the diagrams land in
 * {@code target/spring-modulith-docs}.
 */
class ModularityTests {

	static final ApplicationModules MODULES = ApplicationModules.of(KfleetApplication.class);

	@Test
	void modulesOnlyDependOnWhatTheyDeclare() {
		MODULES.verify();
	}

	@Test
	void writesTheModuleDocumentation() {
		new Documenter(MODULES).writeDocumentation();
	}

}
