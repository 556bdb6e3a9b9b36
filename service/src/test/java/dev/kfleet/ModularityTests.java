package dev.kfleet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

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
	void writesTheModuleDocumentation() throws IOException {
		new Documenter(MODULES, DOCUMENTATION).writeDocumentation();
		try (Stream<Path> files = Files.list(Path.of(DOCUMENTATION))) {
			for (Path diagram : files.filter((file) -> file.toString().endsWith(".puml")).toList()) {
				Files.write(diagram, inStableOrder(Files.readAllLines(diagram)));
			}
		}
	}

	/**
	 * A diagram with each run of its components and of its relationships sorted: the
	 * Documenter writes them in an order that changes from run to run, and the committed
	 * files should change only when the modules do.
	 */
	static List<String> inStableOrder(List<String> lines) {
		List<String> stable = new ArrayList<>(lines);
		int start = 0;
		while (start < stable.size()) {
			String kind = kind(stable.get(start));
			int end = start + 1;
			while (kind != null && end < stable.size() && kind.equals(kind(stable.get(end)))) {
				end++;
			}
			stable.subList(start, end).sort(null);
			start = end;
		}
		return stable;
	}

	private static String kind(String line) {
		String element = line.strip();
		return element.startsWith("Rel(") ? "Rel" : element.startsWith("Component(") ? "Component" : null;
	}

}
