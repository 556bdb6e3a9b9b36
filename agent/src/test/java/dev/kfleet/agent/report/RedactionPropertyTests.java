package dev.kfleet.agent.report;

import java.util.ArrayList;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whatever words surround it, a secret given in one of the forms the rules name never
 * reaches the report, and words that hold no secret come out as they went in.
 */
class RedactionPropertyTests {

	private static final List<String> SECRET_NAMES = List.of("password", "DB_PASSWORD", "passwd", "pwd", "secret",
			"client_secret", "token", "authToken", "apikey", "api-key", "private_key", "credentials", "auth",
			"passphrase", "cookie");

	@Property(tries = 1000)
	void aSecretInAnyFormIsNeverInTheRedactedArguments(@ForAll("plainWords") List<String> before,
			@ForAll("secrets") String secret, @ForAll("secretNames") String name,
			@ForAll("plainWords") List<String> after, @ForAll("forms") int form) {
		List<String> arguments = new ArrayList<>(before);
		switch (form) {
			case 0 -> arguments.add(name + "=" + secret);
			case 1 -> arguments.add("--" + name + "=" + secret);
			case 2 -> arguments.addAll(List.of("--" + name, secret));
			case 3 -> arguments.add("https://user:" + secret + "@host.example/path");
			default -> arguments.addAll(List.of("Bearer", secret));
		}
		arguments.addAll(after);
		String redacted = Redaction.arguments(arguments, false);
		assertThat(redacted).doesNotContain(secret).contains(Redaction.MARKER);
		assertThat(Redaction.commandLine(String.join(" ", arguments), false)).doesNotContain(secret);
	}

	@Property(tries = 500)
	void wordsThatHoldNoSecretAreKeptAsTheyAre(@ForAll("plainWords") List<String> words) {
		assertThat(Redaction.arguments(words, false)).isEqualTo(String.join(" ", words));
		assertThat(Redaction.commandLine(String.join("  ", words), false)).isEqualTo(String.join("  ", words));
	}

	@Provide
	Arbitrary<List<String>> plainWords() {
		Arbitrary<String> name = Arbitraries.of("root", "ro", "quiet", "hugepages", "hugepagesz", "console",
				"--verbose", "-x", "BOOT_IMAGE", "node-name", "queue-size", "serial", "/dev/sda1");
		Arbitrary<String> value = Arbitraries.strings().withChars("abcXYZ0129/._,-:").ofMinLength(1).ofMaxLength(12);
		Arbitrary<String> word = Arbitraries.oneOf(name,
				Arbitraries.of("=")
					.flatMap((eq) -> name.filter((n) -> !n.startsWith("-") && !n.startsWith("/"))
						.flatMap((n) -> value.map((v) -> n + "=" + v))));
		return word.list().ofMaxSize(6);
	}

	@Provide
	Arbitrary<String> secrets() {
		return Arbitraries.strings().withChars("abcdefghijKLMNOP0123456789!%+").ofMinLength(12).ofMaxLength(24);
	}

	@Provide
	Arbitrary<String> secretNames() {
		return Arbitraries.of(SECRET_NAMES);
	}

	@Provide
	Arbitrary<Integer> forms() {
		return Arbitraries.integers().between(0, 4);
	}

}
