package dev.kfleet.agent;

import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The agent's classes use only the packages that the JDK modules of its packaged runtime
 * export (ADR 0010, 0013): {@code agent/packaging/build-runtime.sh} links a runtime of
 * those modules alone, so a class that used another one ({@code java.util.logging},
 * {@code java.sql}, {@code com.sun.net.httpserver}, {@code sun.misc}) would pass every
 * test on a full JDK and fail on the hosts.
 */
class RuntimeModulesTests {

	static final Path BUILD_RUNTIME = Path.of("packaging", "build-runtime.sh");

	@Test
	void theAgentUsesOnlyThePackagesItsRuntimeModulesExport() throws IOException {
		List<String> modules = linkedModules();
		assertThat(modules).contains("java.base", "java.net.http");
		JavaClasses agent = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
			.importPackages("dev.kfleet.agent");
		assertThat(agent).isNotEmpty();
		classes().should()
			.onlyDependOnClassesThat(resideInAnyPackage("dev.kfleet.agent..")
				.or(resideInAnyPackage(exportedPackages(modules)).as("reside in a package exported by " + modules)))
			.because("the packaged agent runs on a jlink runtime of " + modules + " (" + BUILD_RUNTIME + ")")
			.check(agent);
	}

	/** The modules {@code build-runtime.sh} gives jlink. */
	static List<String> linkedModules() throws IOException {
		Matcher modules = Pattern.compile("--add-modules ([\\w.,]+)").matcher(Files.readString(BUILD_RUNTIME));
		assertThat(modules.find()).as("--add-modules in %s", BUILD_RUNTIME).isTrue();
		return Arrays.asList(modules.group(1).split(","));
	}

	/** The packages these modules export to everyone (not only to other JDK modules). */
	static String[] exportedPackages(List<String> modules) {
		return modules.stream()
			.map((name) -> ModuleLayer.boot().findModule(name).orElseThrow())
			.flatMap((module) -> module.getDescriptor().exports().stream())
			.filter((export) -> !export.isQualified())
			.map(ModuleDescriptor.Exports::source)
			.toArray(String[]::new);
	}

}
