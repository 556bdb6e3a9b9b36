package dev.kfleet.agent.hvo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.kfleet.agent.host.HostFiles;
import dev.kfleet.agent.report.Reading;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the boot-time sysctl configuration sets {@code vm.hugetlb_optimize_vmemmap} to,
 * read as {@code systemd-sysctl} and {@code sysctl --system} read it.
 */
class BootSysctlTests {

	@TempDir
	Path root;

	@Test
	void nothingSetsItOnAHostWithoutConfiguration() {
		assertThat(read().unknownReason()).hasValue("not set: no file of the boot-time sysctl configuration"
				+ " (/etc/sysctl.d, /run/sysctl.d, /usr/local/lib/sysctl.d, /usr/lib/sysctl.d, /lib/sysctl.d,"
				+ " /etc/sysctl.conf) sets vm.hugetlb_optimize_vmemmap");
	}

	@Test
	void theAgentsDropInSetsIt() throws IOException {
		file("etc/sysctl.d/90-kfleet-hvo.conf", """
				# Written by kfleet-agent
				vm.hugetlb_optimize_vmemmap = 1
				""");
		assertThat(read()).isEqualTo(Reading.of(true));
	}

	@Test
	void filesApplyInTheOrderOfTheirNamesWhateverTheirDirectory() throws IOException {
		file("usr/lib/sysctl.d/50-vendor.conf", "vm.hugetlb_optimize_vmemmap = 0\n");
		file("etc/sysctl.d/90-kfleet-hvo.conf", "vm.hugetlb_optimize_vmemmap = 1\n");
		assertThat(read()).isEqualTo(Reading.of(true));
		file("run/sysctl.d/95-late.conf", "vm.hugetlb_optimize_vmemmap=0\n");
		assertThat(read()).isEqualTo(Reading.of(false));
	}

	@Test
	void aFileInAnEarlierDirectoryReplacesOneOfTheSameNameAndALinkToDevNullMasksIt() throws IOException {
		file("usr/lib/sysctl.d/50-hvo.conf", "vm.hugetlb_optimize_vmemmap = 1\n");
		file("lib/sysctl.d/50-hvo.conf", "vm.hugetlb_optimize_vmemmap = 1\n");
		file("etc/sysctl.d/50-hvo.conf", "vm.hugetlb_optimize_vmemmap = 0\n");
		assertThat(read()).isEqualTo(Reading.of(false));
		Files.delete(this.root.resolve("etc/sysctl.d/50-hvo.conf"));
		Files.createSymbolicLink(this.root.resolve("etc/sysctl.d/50-hvo.conf"), Path.of("/dev/null"));
		assertThat(read().unknownReason()).hasValueSatisfying((r) -> assertThat(r).startsWith("not set:"));
	}

	@Test
	void etcSysctlConfComesLastAndItsDebianLinkIsResolvedUnderTheRoot() throws IOException {
		file("etc/sysctl.d/90-kfleet-hvo.conf", "vm.hugetlb_optimize_vmemmap = 1\n");
		file("etc/sysctl.conf", "; local settings\nvm.hugetlb_optimize_vmemmap = 0\n");
		assertThat(read()).isEqualTo(Reading.of(false));
		file("etc/sysctl.conf", "vm.swappiness = 10\n");
		Files.createSymbolicLink(this.root.resolve("etc/sysctl.d/99-sysctl.conf"), Path.of("/etc/sysctl.conf"));
		assertThat(read()).isEqualTo(Reading.of(true));
	}

	@Test
	void aMergedUsrLibLinkIsFollowedUnderTheRoot() throws IOException {
		file("usr/lib/sysctl.d/60-hvo.conf", "vm.hugetlb_optimize_vmemmap = 1\n");
		Files.createSymbolicLink(this.root.resolve("lib"), Path.of("usr/lib"));
		assertThat(read()).isEqualTo(Reading.of(true));
	}

	@Test
	void keysMayUseSlashesAndADashThatIgnoresFailures() throws IOException {
		file("etc/sysctl.d/10-a.conf", "vm/hugetlb_optimize_vmemmap=1\n");
		assertThat(read()).isEqualTo(Reading.of(true));
		file("etc/sysctl.d/20-b.conf", "  -vm.hugetlb_optimize_vmemmap =  0  \n");
		assertThat(read()).isEqualTo(Reading.of(false));
		file("etc/sysctl.d/30-c.conf", "vm.hugetlb_optimize_vmemmap.extra = 1\nvm/hugetlb.optimize.vmemmap = 1\n");
		assertThat(read()).as("other keys").isEqualTo(Reading.of(false));
	}

	@Test
	void aGlobSetsItUnlessAnExplicitAssignmentOrAnExclusionSaysOtherwise() throws IOException {
		file("etc/sysctl.d/80-glob.conf", "vm.hugetlb_*_vmemmap = 1\n");
		assertThat(read()).isEqualTo(Reading.of(true));
		file("etc/sysctl.d/10-explicit.conf", "vm.hugetlb_optimize_vmemmap = 0\n");
		assertThat(read()).as("an explicit assignment wins over any glob").isEqualTo(Reading.of(false));
		Files.delete(this.root.resolve("etc/sysctl.d/10-explicit.conf"));
		file("etc/sysctl.d/10-exclude.conf", "-vm.hugetlb_optimize_vmemmap\n");
		assertThat(read().unknownReason()).hasValueSatisfying((r) -> assertThat(r).startsWith("not set:"));
		file("etc/sysctl.d/10-exclude.conf", "vm.[a-h]ugetlb_optimize_vmemma? = 0\n*.hugetlb_optimize_vmemmap = 1\n");
		assertThat(read()).isEqualTo(Reading.of(true));
		file("etc/sysctl.d/80-glob.conf", "vm* = 0\n");
		assertThat(read()).as("* does not cross a /").isEqualTo(Reading.of(true));
	}

	@Test
	void aValueTheKernelWouldNotTakeAs0Or1IsGarbledWithTheFileAndValue() throws IOException {
		file("etc/sysctl.d/90-hvo.conf", "vm.hugetlb_optimize_vmemmap = on\n");
		assertThat(read().unknownReason()).hasValue("garbled: /etc/sysctl.d/90-hvo.conf sets"
				+ " vm.hugetlb_optimize_vmemmap to 'on', which the kernel refuses (EINVAL)");
		file("etc/sysctl.d/90-hvo.conf", "vm.hugetlb_optimize_vmemmap = 2\n");
		assertThat(read().unknownReason()).hasValue("garbled: /etc/sysctl.d/90-hvo.conf sets"
				+ " vm.hugetlb_optimize_vmemmap to '2', which 6.x kernels take as 1 and 5.19-era kernels refuse");
	}

	@Test
	void aFileThatCannotBeReadMakesItUnknownWithTheReason() throws IOException {
		file("etc/sysctl.d/90-hvo.conf", "vm.hugetlb_optimize_vmemmap = 1\n\0");
		assertThat(read().unknownReason())
			.hasValueSatisfying((r) -> assertThat(r).startsWith("garbled: /etc/sysctl.d/90-hvo.conf holds a NUL byte"));
		Files.delete(this.root.resolve("etc/sysctl.d/90-hvo.conf"));
		Files.createSymbolicLink(this.root.resolve("etc/sysctl.d/90-hvo.conf"), Path.of("90-hvo.conf"));
		assertThat(read().unknownReason()).hasValue("too many levels of symbolic links: /etc/sysctl.d/90-hvo.conf");
	}

	@Test
	void onlyConfFilesCount() throws IOException {
		file("etc/sysctl.d/90-hvo.conf.dpkg-old", "vm.hugetlb_optimize_vmemmap = 1\n");
		file("etc/sysctl.d/README", "vm.hugetlb_optimize_vmemmap = 1\n");
		Files.createDirectories(this.root.resolve("etc/sysctl.d/91-dir.conf"));
		assertThat(read().unknownReason()).hasValueSatisfying((r) -> assertThat(r).startsWith("not set:"));
	}

	private Reading<Boolean> read() {
		return BootSysctl.switchPersisted(new HostFiles(this.root));
	}

	private void file(String path, String content) throws IOException {
		Path file = this.root.resolve(path);
		Files.createDirectories(file.getParent());
		Files.writeString(file, content);
	}

}
