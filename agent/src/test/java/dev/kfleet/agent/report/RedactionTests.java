package dev.kfleet.agent.report;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RedactionTests {

	@Test
	void redactsTheValueOfANameThatLooksSecretAndKeepsTheRestOfTheCommandLineAsItWas() {
		assertThat(Redaction.commandLine(
				"BOOT_IMAGE=/vmlinuz  root=UUID=1 hugepages=64 DB_Password=x apiKey=\"a b\" auth_token=t quiet", false))
			.isEqualTo("BOOT_IMAGE=/vmlinuz  root=UUID=1 hugepages=64 DB_Password=<redacted> apiKey=<redacted>"
					+ " auth_token=<redacted> quiet");
	}

	@Test
	void redactsTheWordAfterAnOptionThatLooksSecretButNotAnotherOption() {
		assertThat(Redaction.arguments(List.of("app", "--password", "hunter2", "--token=abc",
				"-Dssl.keyStorePassword=k", "--secret", "--verbose", "--user", "bob"), false))
			.isEqualTo("app --password <redacted> --token=<redacted> -Dssl.keyStorePassword=<redacted> --secret"
					+ " --verbose --user bob");
	}

	@Test
	void redactsCredentialsInUrlsAndBearerOrBasicSchemes() {
		assertThat(Redaction
			.arguments(
					List.of("curl", "-H", "Authorization: Bearer abc.def", "https://u:p@ss@h.example/x",
							"postgres://h/db", "DATABASE_URL=postgres://app:pw@db:5432/app", "Basic", "dXNlcjpwdw=="),
					false))
			.isEqualTo("curl -H Authorization: Bearer <redacted> https://<redacted>@h.example/x postgres://h/db"
					+ " DATABASE_URL=postgres://<redacted>@db:5432/app Basic <redacted>");
	}

	@Test
	void anArgumentWithSpacesIsLookedAtWordByWord() {
		assertThat(Redaction.arguments(List.of("sh", "-c", "run --password s3cret now"), false))
			.isEqualTo("sh -c run --password <redacted> now");
	}

	@Test
	void anArgumentThatIsTheValueOfASecretOptionIsRedactedWholeEvenWithSpaces() {
		assertThat(Redaction.arguments(List.of("app", "--passphrase", "correct horse battery"), false))
			.isEqualTo("app --passphrase <redacted>");
	}

	@Test
	void leavesOutTheLastWordOfACommandLineThatWasCut() {
		assertThat(Redaction.commandLine("ro quiet https://user:pass", true)).isEqualTo("ro quiet ");
		assertThat(Redaction.commandLine("ro quiet ", true)).isEqualTo("ro quiet ");
		assertThat(Redaction.arguments(List.of("app", "--x", "https://user:pa"), true)).isEqualTo("app --x");
	}

	@Test
	void keepsWhatHoldsNoSecret() {
		String kernel = "BOOT_IMAGE=/boot/vmlinuz-6.12 root=/dev/sda1 ro hugetlb_free_vmemmap=on"
				+ " default_hugepagesz=1G hugepagesz=1G hugepages=4 iommu.passthrough=1 console=ttyS0,115200";
		assertThat(Redaction.commandLine(kernel, false)).isEqualTo(kernel);
		assertThat(Redaction.commandLine("", false)).isEmpty();
	}

}
