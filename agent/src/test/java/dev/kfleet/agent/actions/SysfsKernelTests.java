package dev.kfleet.agent.actions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SysfsKernelTests {

	@TempDir
	Path root;

	@Test
	void readsPoolsPerSizeAndPerNodeAndTheMemmapCounters() throws IOException {
		pool("/sys/kernel/mm/hugepages/hugepages-2048kB", 10, 6, 2, 0);
		pool("/sys/kernel/mm/hugepages/hugepages-1048576kB", 1, 1, 0, 0);
		pool("/sys/devices/system/node/node0/hugepages/hugepages-2048kB", 4, 2, -1, 0);
		pool("/sys/devices/system/node/node1/hugepages/hugepages-2048kB", 6, 4, -1, 0);
		write("/proc/vmstat", "nr_free_pages 5\nnr_memmap_pages 512\nnr_memmap_boot_pages 97792\n");
		SysfsKernel kernel = new SysfsKernel(this.root, 4096);
		assertThat(kernel.poolSizes()).containsExactly(2L << 20, 1L << 30);
		assertThat(kernel.pool(2L << 20, OptionalInt.empty())).isEqualTo(new HostKernel.PoolCounts(10, 6, 2, 0));
		assertThat(kernel.pool(2L << 20, OptionalInt.of(1))).isEqualTo(new HostKernel.PoolCounts(6, 4, 0, 0));
		assertThat(kernel.poolNodes(2L << 20)).containsExactly(0, 1);
		assertThat(kernel.poolNodes(1L << 30)).isEmpty();
		assertThat(kernel.memmapPages()).hasValue(98304);
	}

	@Test
	void writesNrHugepagesOfAPoolOrANode() throws IOException {
		pool("/sys/kernel/mm/hugepages/hugepages-2048kB", 10, 6, 0, 0);
		pool("/sys/devices/system/node/node1/hugepages/hugepages-2048kB", 6, 4, -1, 0);
		SysfsKernel kernel = new SysfsKernel(this.root, 4096);
		kernel.setPoolTotal(2L << 20, OptionalInt.empty(), 7);
		kernel.setPoolTotal(2L << 20, OptionalInt.of(1), 3);
		assertThat(Files.readString(local("/sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages"))).isEqualTo("7");
		assertThat(Files.readString(local("/sys/devices/system/node/node1/hugepages/hugepages-2048kB/nr_hugepages")))
			.isEqualTo("3");
	}

	@Test
	void neverCreatesATunableTheKernelDoesNotHave() {
		SysfsKernel kernel = new SysfsKernel(this.root, 4096);
		assertThatThrownBy(() -> kernel.setHvoSwitch(true)).isInstanceOf(NoSuchFileException.class);
		assertThat(local("/proc/sys/vm/hugetlb_optimize_vmemmap")).doesNotExist();
	}

	@Test
	void aGarbledSwitchIsAnError() throws IOException {
		write("/proc/sys/vm/hugetlb_optimize_vmemmap", "maybe\n");
		assertThatThrownBy(() -> new SysfsKernel(this.root, 4096).hvoSwitch()).hasMessageContaining("'maybe'");
	}

	private void pool(String dir, long total, long free, long reserved, long surplus) throws IOException {
		write(dir + "/nr_hugepages", total + "\n");
		write(dir + "/free_hugepages", free + "\n");
		write(dir + "/surplus_hugepages", surplus + "\n");
		if (reserved >= 0) {
			write(dir + "/resv_hugepages", reserved + "\n");
		}
	}

	private void write(String hostPath, String content) throws IOException {
		Path file = local(hostPath);
		Files.createDirectories(file.getParent());
		Files.writeString(file, content);
	}

	private Path local(String hostPath) {
		return this.root.resolve(hostPath.substring(1));
	}

}
