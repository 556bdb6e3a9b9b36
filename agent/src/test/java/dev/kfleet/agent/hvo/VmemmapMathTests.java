package dev.kfleet.agent.hvo;

import dev.kfleet.agent.kernel.KernelVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tables of kernel-facts.md §1.2.
 */
class VmemmapMathTests {

	private static final KernelVersion NOW = new KernelVersion(6, 18, 0);

	@ParameterizedTest
	@CsvSource({ "4096, 65536, 0", "4096, 2097152, 7", "4096, 33554432, 127", "4096, 1073741824, 4095",
			"16384, 2097152, 0", "16384, 33554432, 7", "16384, 1073741824, 255", "65536, 2097152, 0",
			"65536, 536870912, 7", "65536, 17179869184, 255" })
	void freesWhatTheDedupDocumentTabulates(long pageSize, long hugePage, long freed) {
		assertThat(VmemmapMath.freedPages(hugePage, pageSize, 64, NOW).orElseThrow()).isEqualTo(freed);
	}

	@Test
	void keptASecondPageBefore5Dot18() {
		KernelVersion old = new KernelVersion(5, 17, 0);
		assertThat(VmemmapMath.freedPages(2L << 20, 4096, 64, old).orElseThrow()).isEqualTo(6);
		assertThat(VmemmapMath.freedPages(1L << 30, 4096, 64, old).orElseThrow()).isEqualTo(4094);
	}

	@Test
	void expectsTheMeasuredMemmapOfTheTestMachines() {
		assertThat(VmemmapMath.expectedMemmapPages(192, 128L << 20, 4096, 64).orElseThrow()).isEqualTo(98304);
		assertThat(VmemmapMath.expectedMemmapPages(24, 128L << 20, 4096, 64).orElseThrow()).isEqualTo(12288);
	}

	@Test
	void refusesToRoundAMemmapThatIsNotWholePages() {
		assertThat(VmemmapMath.expectedMemmapPages(1, 4096 * 3, 4096, 64).isKnown()).isFalse();
		assertThat(VmemmapMath.multiply(Long.MAX_VALUE, 2).isKnown()).isFalse();
	}

}
