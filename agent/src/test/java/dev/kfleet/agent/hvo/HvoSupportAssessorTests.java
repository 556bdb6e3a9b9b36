package dev.kfleet.agent.hvo;

import java.util.Map;

import dev.kfleet.agent.kernel.KernelVersion;
import dev.kfleet.agent.report.HvoLimit;
import dev.kfleet.agent.report.HvoLimitCode;
import dev.kfleet.agent.report.HvoSupport;
import dev.kfleet.agent.report.KernelConfig;
import dev.kfleet.agent.report.Reading;
import dev.kfleet.agent.report.StructPageSize;
import dev.kfleet.agent.report.StructPageSizeSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HvoSupportAssessorTests {

	private static final Reading<KernelConfig> ON = Reading
		.of(new KernelConfig("/proc/config.gz", Map.of("CONFIG_HUGETLB_PAGE_OPTIMIZE_VMEMMAP", "y")));

	private static final Reading<StructPageSize> SIXTY_FOUR = Reading
		.of(new StructPageSize(64, StructPageSizeSource.ARCHITECTURE_DEFAULT));

	@Test
	void aKernelBuiltWithHvoAndItsSwitchSupportsIt() {
		HvoSupport support = assess(new KernelVersion(6, 18, 0), ON, true, SIXTY_FOUR, "N");
		assertThat(support.supported()).isEqualTo(Reading.of(true));
		assertThat(support.limits()).isEmpty();
	}

	@Test
	void aKernelBuiltWithoutHvoDoesNotSupportIt() {
		HvoSupport support = assess(new KernelVersion(6, 18, 0),
				Reading.of(new KernelConfig("/boot/config-x", Map.of("CONFIG_HUGETLB_PAGE_OPTIMIZE_VMEMMAP", "n"))),
				false, SIXTY_FOUR, "N");
		assertThat(support.supported()).isEqualTo(Reading.of(false));
		assertThat(support.limits()).extracting(HvoLimit::code).containsExactly(HvoLimitCode.NO_CONFIG);
	}

	@Test
	void aKernelOlderThan5Dot14CannotHaveHvo() {
		HvoSupport support = assess(new KernelVersion(5, 10, 0), Reading.unknown("no config"), false, SIXTY_FOUR, "N");
		assertThat(support.supported()).isEqualTo(Reading.of(false));
		assertThat(support.limits()).extracting(HvoLimit::code).contains(HvoLimitCode.KERNEL_TOO_OLD);
	}

	@Test
	void before5Dot19HvoIsChosenAtBootOnly() {
		HvoSupport support = assess(new KernelVersion(5, 15, 0),
				Reading.of(new KernelConfig("/boot/c", Map.of("CONFIG_HUGETLB_PAGE_FREE_VMEMMAP", "y"))), false,
				SIXTY_FOUR, "N");
		assertThat(support.supported()).isEqualTo(Reading.of(true));
		assertThat(support.limits()).extracting(HvoLimit::code).containsExactly(HvoLimitCode.NO_RUNTIME_SWITCH);
	}

	@Test
	void memmapOnMemoryRemovesTheSwitchIn5Dot19AndLimitsHvoLater() {
		assertThat(assess(new KernelVersion(5, 19, 0), ON, false, SIXTY_FOUR, "Y").supported())
			.isEqualTo(Reading.of(false));
		HvoSupport later = assess(new KernelVersion(6, 12, 0), ON, true, SIXTY_FOUR, "Y");
		assertThat(later.supported()).isEqualTo(Reading.of(true));
		assertThat(later.limits()).extracting(HvoLimit::code).containsExactly(HvoLimitCode.MEMMAP_ON_MEMORY);
	}

	@Test
	void aStructPageThatIsNotAPowerOfTwoCannotBeOptimized() {
		HvoSupport support = assess(new KernelVersion(6, 18, 0), ON, false,
				Reading.of(new StructPageSize(80, StructPageSizeSource.MEMMAP_COUNTERS)), "N");
		assertThat(support.supported()).isEqualTo(Reading.of(false));
		assertThat(support.limits()).extracting(HvoLimit::code).contains(HvoLimitCode.STRUCT_PAGE_SIZE);
	}

	@Test
	void withoutTheConfigurationTheSwitchStillShowsSupport() {
		assertThat(assess(new KernelVersion(6, 18, 0), Reading.unknown("no config"), true, SIXTY_FOUR, "N").supported())
			.isEqualTo(Reading.of(true));
		assertThat(assess(new KernelVersion(6, 18, 0), Reading.unknown("no config"), false, SIXTY_FOUR, "N").supported()
			.isKnown()).isFalse();
	}

	private static HvoSupport assess(KernelVersion version, Reading<KernelConfig> config, boolean switchPresent,
			Reading<StructPageSize> structPage, String memmapOnMemory) {
		return HvoSupportAssessor.assess(new HvoSupportAssessor.Inputs(Reading.of(version), config, switchPresent,
				structPage, Reading.of(true), Reading.of(memmapOnMemory)));
	}

}
