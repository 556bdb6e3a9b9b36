package dev.kfleet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service's own properties that the documentation names exist in the code, and the
 * README's configuration table lists every one of them (with its environment variable).
 * The code's properties are the components of the {@code @ConfigurationProperties}
 * records and the {@code ${kfleet.…}} placeholders of the main sources.
 */
class DocumentedPropertiesTests {

	static final Path ROOT = Path.of("..");

	static final List<Path> DOCUMENTS = Stream
		.concat(Stream.of("README.md", "CONTRIBUTING.md", "openapi.yaml", "agent/README.md", "helm/kfleet/README.md",
				"helm/kfleet/values.yaml")
			.map(ROOT::resolve), files(ROOT.resolve("docs"), ".md").stream())
		.toList();

	private static final Pattern PROPERTY = Pattern
		.compile("kfleet\\.([a-z][a-z0-9-]*)\\.([a-z][a-z0-9-]*)(?![a-z0-9-]|\\.[a-z])");

	private static final Pattern ENVIRONMENT_VARIABLE = Pattern.compile("KFLEET_[A-Z0-9_]*[A-Z0-9]\\b");

	private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(kfleet\\.[a-z0-9.-]+)[:}]");

	private static final Pattern LITERAL = Pattern.compile("\"(kfleet\\.[a-z0-9.-]+)\"");

	@Test
	void everyServicePropertyTheDocumentsNameExists() {
		Set<String> properties = properties();
		Set<String> prefixes = new TreeSet<>(properties.stream().map(DocumentedPropertiesTests::prefix).toList());
		Set<String> otherNames = namesInMainSources(LITERAL);
		List<String> unknown = new ArrayList<>();
		for (Path document : DOCUMENTS) {
			forEachMatch(document, PROPERTY, (line, match) -> {
				String name = match.group();
				if (prefixes.contains(match.group(1)) && !properties.contains(name) && !otherNames.contains(name)) {
					unknown.add(document.normalize() + ":" + line + " " + name);
				}
			});
		}
		assertThat(unknown).as("properties the documents name but the service does not read").isEmpty();
	}

	@Test
	void everyServiceEnvironmentVariableTheDocumentsNameExists() {
		Set<String> variables = new TreeSet<>(properties().stream().map(DocumentedPropertiesTests::variable).toList());
		List<String> unknown = new ArrayList<>();
		for (Path document : DOCUMENTS) {
			forEachMatch(document, ENVIRONMENT_VARIABLE, (line, match) -> {
				String name = match.group();
				if (!name.startsWith("KFLEET_AGENT_") && !name.startsWith("KFLEET_TEST_")
						&& !variables.contains(name)) {
					unknown.add(document.normalize() + ":" + line + " " + name);
				}
			});
		}
		assertThat(unknown).as("environment variables the documents name but the service does not read").isEmpty();
	}

	@Test
	void theReadmeConfigurationTableListsEveryPropertyWithItsVariable() throws IOException {
		String readme = Files.readString(ROOT.resolve("README.md"));
		String table = readme.substring(readme.indexOf("## Configuration"), readme.indexOf("Tests only:"));
		List<String> missing = properties().stream()
			.filter((property) -> !table.contains("`" + property + "`")
					|| !table.contains("`" + variable(property) + "`"))
			.toList();
		assertThat(missing).as("properties (or their variables) missing from the README's configuration table")
			.isEmpty();
	}

	/** Every property of the service under {@code kfleet.}. */
	static Set<String> properties() {
		Set<String> properties = new TreeSet<>(namesInMainSources(PLACEHOLDER));
		ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
		scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
		for (BeanDefinition definition : scanner.findCandidateComponents("dev.kfleet")) {
			Class<?> type = ClassUtils.resolveClassName(definition.getBeanClassName(), null);
			assertThat(type.isRecord()).as("%s is a record (this test reads record components)", type).isTrue();
			ConfigurationProperties annotation = type.getAnnotation(ConfigurationProperties.class);
			String prefix = annotation.prefix().isEmpty() ? annotation.value() : annotation.prefix();
			for (var component : type.getRecordComponents()) {
				properties.add(prefix + "." + dashed(component.getName()));
			}
		}
		assertThat(properties).isNotEmpty().allMatch((property) -> property.startsWith("kfleet."));
		return properties;
	}

	static String variable(String property) {
		return property.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
	}

	private static String prefix(String property) {
		return property.split("\\.")[1];
	}

	private static String dashed(String camelCase) {
		return camelCase.replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT);
	}

	private static Set<String> namesInMainSources(Pattern pattern) {
		Set<String> names = new TreeSet<>();
		for (Path source : files(Path.of("src", "main"), "")) {
			forEachMatch(source, pattern, (line, match) -> names.add(match.group(1)));
		}
		return names;
	}

	private static void forEachMatch(Path file, Pattern pattern, MatchConsumer consumer) {
		try {
			List<String> lines = Files.readAllLines(file);
			for (int i = 0; i < lines.size(); i++) {
				Matcher matcher = pattern.matcher(lines.get(i));
				while (matcher.find()) {
					consumer.accept(i + 1, matcher);
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static List<Path> files(Path directory, String suffix) {
		try (Stream<Path> files = Files.walk(directory)) {
			return files.filter(Files::isRegularFile).filter((file) -> file.toString().endsWith(suffix)).toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private interface MatchConsumer {

		void accept(int line, Matcher match);

	}

}
