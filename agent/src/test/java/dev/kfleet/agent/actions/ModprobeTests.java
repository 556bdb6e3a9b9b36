package dev.kfleet.agent.actions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * {@link Modprobe} against stand-ins for {@code modprobe}: shell scripts that show what
 * they were given, or misbehave.
 */
class ModprobeTests {

	@TempDir
	Path temp;

	@Test
	void runsTheFirstModprobeOfTheSearchPathWithAFixedCommandAndAnEmptyEnvironment() throws IOException {
		Path empty = Files.createDirectories(this.temp.resolve("empty"));
		Path bin = standIn("bin", """
				echo "args: $*"
				env | sort
				""");
		String said = new Modprobe(List.of(empty, bin), Path.of("/"), Duration.ofSeconds(10)).load("vduse");
		assertThat(said).isEqualTo("args: vduse | LC_ALL=C | PATH=/usr/sbin:/usr/bin:/sbin:/bin | PWD=/");
	}

	@Test
	void passesTheRootWithDashDWhenTheAgentReadsAnotherRoot() throws IOException {
		Path bin = standIn("bin", "echo \"$@\"");
		Path root = Files.createDirectories(this.temp.resolve("host"));
		Modprobe modprobe = new Modprobe(List.of(bin), root, Duration.ofSeconds(10));
		assertThat(modprobe.command(bin.resolve("modprobe"), "vhost_vdpa"))
			.containsExactly(bin.resolve("modprobe").toString(), "-d", root.toString(), "vhost_vdpa");
		assertThat(modprobe.load("vhost_vdpa")).isEqualTo("-d " + root + " vhost_vdpa");
	}

	@Test
	void refusesANameThatIsNotAModuleName() {
		Modprobe modprobe = new Modprobe(List.of(), Path.of("/"), Duration.ofSeconds(1));
		assertThatIllegalArgumentException().isThrownBy(() -> modprobe.command(Path.of("/sbin/modprobe"), "-r"));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> modprobe.command(Path.of("/sbin/modprobe"), "vduse; reboot"));
	}

	@Test
	void aFailureCarriesTheCommandTheStatusAndTheOutputOnOneLine() throws IOException {
		Path bin = standIn("bin", """
				echo "modprobe: FATAL: Module vduse not found in directory /lib/modules/6.1.0" >&2
				echo "second line"
				exit 1
				""");
		assertThatIOException()
			.isThrownBy(() -> new Modprobe(List.of(bin), Path.of("/"), Duration.ofSeconds(10)).load("vduse"))
			.withMessage("'" + bin.resolve("modprobe") + " vduse' exited with status 1: modprobe: FATAL: Module vduse"
					+ " not found in directory /lib/modules/6.1.0 | second line");
	}

	@Test
	void keepsTheFirstThousandBytesOfALongOutputAndCountsTheRest() throws IOException {
		Path bin = standIn("bin", "head -c 100000 /dev/zero | tr '\\000' x; exit 3");
		assertThatIOException()
			.isThrownBy(() -> new Modprobe(List.of(bin), Path.of("/"), Duration.ofSeconds(10)).load("vdpa"))
			.withMessageEndingWith("exited with status 3: " + "x".repeat(1000) + " … (99000 more bytes)");
	}

	@Test
	void killsAModprobeThatRunsPastTheTimeLimit() throws IOException {
		Path bin = standIn("bin", "echo started; sleep 60");
		long start = System.nanoTime();
		assertThatIOException()
			.isThrownBy(() -> new Modprobe(List.of(bin), Path.of("/"), Duration.ofMillis(500)).load("vdpa"))
			.withMessageContaining("vdpa' did not finish within 500 ms and was killed: started");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
	}

	@Test
	void saysWhereItLookedWhenThereIsNoModprobe() {
		Path nowhere = this.temp.resolve("nowhere");
		assertThatIOException()
			.isThrownBy(() -> new Modprobe(List.of(nowhere), Path.of("/"), Duration.ofSeconds(1)).load("vdpa"))
			.withMessage("no modprobe in [" + nowhere + "] (it comes with kmod)");
	}

	@Test
	void refusesAModprobeOthersCanWrite() throws IOException {
		Path bin = standIn("bin", "exit 0");
		Files.setPosixFilePermissions(bin.resolve("modprobe"), PosixFilePermissions.fromString("rwxrwxr-x"));
		assertThatIOException()
			.isThrownBy(() -> new Modprobe(List.of(bin), Path.of("/"), Duration.ofSeconds(1)).load("vdpa"))
			.withMessage(bin.resolve("modprobe") + " is writable by its group or others; the agent does not run it");
	}

	@Test
	void anInterruptWaitsForModprobeAndIsKeptForTheCaller() throws IOException {
		Path bin = standIn("bin", "sleep 0.3; echo done");
		Thread.currentThread().interrupt();
		try {
			assertThat(new Modprobe(List.of(bin), Path.of("/"), Duration.ofSeconds(10)).load("vdpa")).isEqualTo("done");
			assertThat(Thread.currentThread().isInterrupted()).isTrue();
		}
		finally {
			Thread.interrupted();
		}
	}

	private Path standIn(String dir, String script) throws IOException {
		Path bin = Files.createDirectories(this.temp.resolve(dir));
		Path modprobe = Files.writeString(bin.resolve("modprobe"), "#!/bin/sh\n" + script);
		Files.setPosixFilePermissions(modprobe, PosixFilePermissions.fromString("rwxr-xr-x"));
		return bin;
	}

}
