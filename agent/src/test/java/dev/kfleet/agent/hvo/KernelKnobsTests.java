package dev.kfleet.agent.hvo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class KernelKnobsTests {

	@Test
	void restoresEveryValueWrittenAlsoWhenTheTestFails(@TempDir Path dir) throws IOException {
		Path pool = file(dir, "hugepages-2048kB/nr_hugepages", "0");
		Path overcommit = file(dir, "hugepages-2048kB/nr_overcommit_hugepages", "0");
		Path sw = file(dir, "hugetlb_optimize_vmemmap", "0");
		assertThatIllegalStateException().isThrownBy(() -> {
			try (KernelKnobs knobs = new KernelKnobs()) {
				knobs.write(sw, "1");
				knobs.write(pool, "64");
				knobs.write(pool, "128");
				knobs.write(overcommit, "20");
				throw new IllegalStateException("assertion failed");
			}
		});
		assertThat(KernelKnobs.read(pool)).isEqualTo("0");
		assertThat(KernelKnobs.read(overcommit)).isEqualTo("0");
		assertThat(KernelKnobs.read(sw)).isEqualTo("0");
	}

	private static Path file(Path dir, String name, String value) throws IOException {
		Path file = dir.resolve(name);
		Files.createDirectories(file.getParent());
		Files.writeString(file, value + "\n");
		return file;
	}

}
