package dev.kfleet.agent.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.kfleet.agent.report.Reading;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class HostFilesTests {

	@TempDir
	Path root;

	@Test
	void readsCountsAsTheKernelPrintsThem() throws IOException {
		write("sys/a", "42\n");
		assertThat(files().readCount("/sys/a")).isEqualTo(Reading.of(42L));
	}

	@Test
	void refusesNegativeHexadecimalEmptyAndOverlongCounts() throws IOException {
		for (String garbled : new String[] { "-1", "0x10", "", "1 2", "12345678901234567890", "4.5" }) {
			write("sys/a", garbled + "\n");
			assertThat(files().readCount("/sys/a").unknownReason().orElseThrow()).startsWith("garbled");
		}
	}

	@Test
	void namesTheFileThatIsAbsent() {
		assertThat(files().readCount("/proc/nothing").unknownReason()).hasValue("absent: /proc/nothing");
	}

	@Test
	void resolvesRelativeLinksLexicallyAsSysfsHasThem() throws IOException {
		Files.createDirectories(this.root.resolve("sys/devices/virtual/vduse/vduse0"));
		Files.createDirectories(this.root.resolve("sys/class/vduse"));
		Files.createSymbolicLink(this.root.resolve("sys/class/vduse/vduse0"),
				Path.of("../../devices/virtual/vduse/vduse0"));
		assertThat(files().resolve("/sys/class/vduse/vduse0/msg_timeout"))
			.isEqualTo(Reading.of("/sys/devices/virtual/vduse/vduse0/msg_timeout"));
	}

	@Test
	void resolvesAbsoluteLinksInsideTheRootNotOnTheMachine() throws IOException {
		Files.createDirectories(this.root.resolve("proc/1/fd"));
		Files.createSymbolicLink(this.root.resolve("proc/1/fd/3"), Path.of("/dev/vduse/vduse0"));
		assertThat(files().readLink("/proc/1/fd/3")).isEqualTo(Reading.of("/dev/vduse/vduse0"));
		assertThat(files().resolve("/proc/1/fd/3")).isEqualTo(Reading.of("/dev/vduse/vduse0"));
	}

	@Test
	void stopsAtALinkLoopInsteadOfFollowingIt() throws IOException {
		Files.createDirectories(this.root.resolve("sys"));
		Files.createSymbolicLink(this.root.resolve("sys/a"), Path.of("b"));
		Files.createSymbolicLink(this.root.resolve("sys/b"), Path.of("a"));
		assertThat(files().resolve("/sys/a/x").unknownReason().orElseThrow()).contains("too many levels");
	}

	@Test
	void neverClimbsAboveTheRoot() throws IOException {
		Files.createDirectories(this.root.resolve("sys"));
		Files.createSymbolicLink(this.root.resolve("sys/up"), Path.of("../../../../nowhere"));
		assertThat(files().resolve("/sys/up/passwd")).isEqualTo(Reading.of("/nowhere/passwd"));
		assertThat(files().local("/nowhere/passwd")).isEqualTo(this.root.toAbsolutePath().resolve("nowhere/passwd"));
	}

	@Test
	void listsDirectoriesSortedAndReportsWhatIsNotOne() throws IOException {
		write("sys/d/b", "");
		write("sys/d/a", "");
		assertThat(files().list("/sys/d")).isEqualTo(Reading.of(java.util.List.of("a", "b")));
		assertThat(files().list("/sys/d/a").unknownReason().orElseThrow()).startsWith("not a directory");
	}

	private HostFiles files() {
		return new HostFiles(this.root);
	}

	private void write(String path, String content) throws IOException {
		Path file = this.root.resolve(path);
		Files.createDirectories(file.getParent());
		Files.writeString(file, content);
	}

}
