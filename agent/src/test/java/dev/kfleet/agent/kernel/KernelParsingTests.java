package dev.kfleet.agent.kernel;

import java.util.Optional;

import dev.kfleet.agent.report.Reading;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class KernelParsingTests {

	@ParameterizedTest
	@CsvSource({ "y,true", "Y,true", "1,true", "t,true", "on,true", "ON,true", "n,false", "0,false", "f,false",
			"off,false", "Off,false" })
	void parsesBooleansLikeKstrtobool(String text, boolean expected) {
		assertThat(KernelBool.parse(text)).hasValue(expected);
	}

	@ParameterizedTest
	@CsvSource({ "o", "ok", "2", "x", "''" })
	void refusesWhatKstrtoboolRefuses(String text) {
		assertThat(KernelBool.parse(text)).isEmpty();
	}

	@Test
	void takesTheLastOccurrenceOfAParameterAndTreatsDashesAsUnderscores() {
		BootParameters boot = BootParameters
			.parse("quiet hugetlb-free-vmemmap=off x=\"a b\" hugetlb_free_vmemmap=on -- hugetlb_free_vmemmap=off");
		assertThat(boot.last("hugetlb_free_vmemmap")).hasValue("on");
		assertThat(boot.last("x")).hasValue("a b");
		assertThat(boot.last("quiet")).hasValue("");
		assertThat(boot.last("absent")).isEmpty();
	}

	@Test
	void takesTheBuildVersionOutOfProcVersionDespiteNestedParentheses() {
		assertThat(ProcVersion.buildVersion("Linux version 6.12.95+deb12-amd64 (debian-kernel@lists.debian.org)"
				+ " (x86_64-linux-gnu-gcc-12 (Debian 12.2.0-14+deb12u1) 12.2.0, GNU ld (GNU Binutils for Debian) 2.40)"
				+ " #1 SMP PREEMPT_DYNAMIC Debian 6.12.95-1~bpo12+1 (2026-07-05)"))
			.isEqualTo(Reading.of("#1 SMP PREEMPT_DYNAMIC Debian 6.12.95-1~bpo12+1 (2026-07-05)"));
		assertThat(ProcVersion.buildVersion("Linux version 6.1 (unclosed").isKnown()).isFalse();
		assertThat(ProcVersion.buildVersion("garbage").isKnown()).isFalse();
	}

	@Test
	void parsesTheVersionAtTheStartOfARelease() {
		assertThat(KernelVersion.parse("6.18.44-fc-v595")).isEqualTo(Reading.of(new KernelVersion(6, 18, 44)));
		assertThat(KernelVersion.parse("5.19-rc1")).isEqualTo(Reading.of(new KernelVersion(5, 19, 0)));
		assertThat(KernelVersion.parse("linux").isKnown()).isFalse();
		assertThat(new KernelVersion(5, 18, 0).atLeast(5, 18)).isTrue();
		assertThat(new KernelVersion(5, 17, 99).atLeast(5, 18)).isFalse();
	}

	@Test
	void keepsOnlyTheOptionsThatMatter() {
		byte[] config = "CONFIG_X86_64=y\n# CONFIG_PAGE_OWNER is not set\nCONFIG_UNRELATED=y\nCONFIG_PAGE_SHIFT=12\n"
			.getBytes();
		var parsed = KernelConfigReader.parse("/boot/config-x", config, false).orElseThrow();
		assertThat(parsed.options()).containsOnlyKeys("CONFIG_X86_64", "CONFIG_PAGE_OWNER", "CONFIG_PAGE_SHIFT");
		assertThat(parsed.value("CONFIG_PAGE_OWNER")).isEqualTo("n");
		assertThat(parsed.value("CONFIG_VDPA")).isEqualTo("n");
		assertThat(KernelConfigReader.parse("/proc/config.gz", config, true).unknownReason().orElseThrow())
			.startsWith("garbled");
	}

	@Test
	void emptyOptionalForNull() {
		assertThat(KernelBool.parse(null)).isEqualTo(Optional.empty());
	}

}
