package dev.kfleet.agent.host;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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

	@Test
	void aNulByteAControlCharacterOrBytesThatAreNotUtf8MakeTheValueUnknownWithTheReason() throws IOException {
		writeBytes("proc/a", new byte[] { '4', '2', 0, '\n' });
		writeBytes("proc/b", new byte[] { 'x', 0x1b, '[', '2', 'J' });
		writeBytes("proc/c", new byte[] { 'a', (byte) 0xc3, '(' });
		assertThat(files().readCount("/proc/a").unknownReason())
			.hasValue("garbled: /proc/a holds a NUL byte at byte 2");
		assertThat(files().read("/proc/b").unknownReason())
			.hasValue("garbled: /proc/b holds the control character U+001B at byte 1");
		assertThat(files().readValue("/proc/c").unknownReason()).hasValue("garbled: /proc/c is not UTF-8 text");
	}

	@Test
	void tabsLineBreaksAndUtf8AreText() throws IOException {
		write("proc/a", "a\tb\r\nä€😀\n");
		assertThat(files().read("/proc/a")).isEqualTo(Reading.of("a\tb\r\nä€😀\n"));
	}

	@Test
	void aPathNoFileCanHaveIsUnknownNotAnException() {
		String path = "/boot/config-6.1\u0000";
		assertThat(files().read(path).unknownReason().orElseThrow()).startsWith("garbled: '/boot/config-6.1\\x00'");
		assertThat(files().exists(path)).isFalse();
		assertThat(files().isLink(path)).isFalse();
		assertThat(files().list(path).isKnown()).isFalse();
		assertThat(files().readLink(path).isKnown()).isFalse();
		assertThat(files().attributes(path).isKnown()).isFalse();
	}

	@Test
	void aFileLargerThanTheLimitIsNotReadWhole() throws IOException {
		writeBytes("proc/big", new byte[HostFiles.MAX_FILE_BYTES + 1]);
		assertThat(files().readBytes("/proc/big").unknownReason())
			.hasValue("/proc/big is larger than " + HostFiles.MAX_FILE_BYTES + " bytes");
	}

	@Test
	void readsTheStartOfALongFileOnWholeCharactersAndCountsTheRest() throws IOException {
		String text = "é".repeat(3_000_000);
		write("proc/cmdline", text);
		Head head = files().readHead("/proc/cmdline", 1001).orElseThrow();
		assertThat(head.bytes()).hasSize(1000);
		assertThat(new String(head.bytes(), StandardCharsets.UTF_8)).isEqualTo("é".repeat(500));
		assertThat(head.cut()).isTrue();
		assertThat(head.droppedCharacters()).isEqualTo(2_999_500);
		assertThat(head.length()).isEqualTo(3_000_000);
	}

	@Test
	void readsAShortFileWholeWithItsHead() throws IOException {
		write("proc/cmdline", "ro quiet\n");
		Head head = files().readHead("/proc/cmdline", 1024).orElseThrow();
		assertThat(head.cut()).isFalse();
		assertThat(head.length()).isEqualTo(9);
		assertThat(files().readHead("/proc/none", 10).unknownReason()).hasValue("absent: /proc/none");
	}

	@Test
	void splitsNulSeparatedArgumentsAndRefusesAControlCharacterInOne() {
		assertThat(Text.arguments("/proc/1/cmdline", "a\u0000\u0000b c\u0000".getBytes(StandardCharsets.UTF_8)))
			.isEqualTo(Reading.of(List.of("a", "", "b c")));
		assertThat(Text.arguments("/proc/1/cmdline", "a\u0000b".getBytes(StandardCharsets.UTF_8)))
			.isEqualTo(Reading.of(List.of("a", "b")));
		assertThat(Text.arguments("/proc/1/cmdline", new byte[] { 'a', 0, 7 }).unknownReason())
			.hasValue("garbled: /proc/1/cmdline holds the control character U+0007 at byte 2");
	}

	private HostFiles files() {
		return new HostFiles(this.root);
	}

	private void writeBytes(String path, byte[] content) throws IOException {
		Path file = this.root.resolve(path);
		Files.createDirectories(file.getParent());
		Files.write(file, content);
	}

	private void write(String path, String content) throws IOException {
		Path file = this.root.resolve(path);
		Files.createDirectories(file.getParent());
		Files.writeString(file, content);
	}

}
