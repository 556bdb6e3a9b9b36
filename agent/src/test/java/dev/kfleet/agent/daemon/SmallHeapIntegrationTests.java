package dev.kfleet.agent.daemon;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.kfleet.agent.AgentMain;
import dev.kfleet.agent.fixtures.Fixtures;
import dev.kfleet.agent.stub.StubAgentApi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code kfleet-agent run} in a JVM with the packaged agent's 16 MB heap, against a
 * service that answers a check-in with 10 MB: the answer is refused after 1 MiB, the
 * daemon carries on, and its next check-in succeeds.
 */
class SmallHeapIntegrationTests {

	@TempDir
	Path temp;

	@Test
	void aTenMegabyteAnswerIsRefusedUnderTheSixteenMegabyteHeap() throws Exception {
		Path root = this.temp.resolve("root");
		Fixtures.copyTree(Fixtures.named("linux-6.18-vm/c-hvo-on-128x2M").root(), root);
		Path secret = Files.writeString(this.temp.resolve("secret"), "fleet-secret\n");
		List<String> lines = Collections.synchronizedList(new ArrayList<>());
		try (StubAgentApi stub = new StubAgentApi("fleet-secret")) {
			stub.answerCheckIns(1, "{\"pad\":\"" + "x".repeat(10 * 1024 * 1024) + "\"}", true);
			Process agent = new ProcessBuilder(java(), "-Xmx16m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp",
					classes(), AgentMain.class.getName(), "run", "--server", stub.uri().toString(),
					"--enroll-secret-file", secret.toString(), "--root", root.toString(), "--state-dir",
					this.temp.resolve("state").toString(), "--hostname", "small-heap")
				.redirectErrorStream(true)
				.start();
			try (BufferedReader out = new BufferedReader(
					new InputStreamReader(agent.getInputStream(), StandardCharsets.UTF_8))) {
				long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
				for (String line = out.readLine(); line != null
						&& System.nanoTime() < deadline; line = out.readLine()) {
					lines.add(line);
					if (line.contains("event=check-in sequence=1 accepted=true")) {
						break;
					}
				}
			}
			finally {
				agent.destroy();
				agent.waitFor(30, TimeUnit.SECONDS);
			}
		}
		assertThat(lines).anySatisfy((line) -> assertThat(line).contains("event=cycle-failed kind=transient",
				"the response body is larger than 1048576 bytes"));
		assertThat(lines).anySatisfy((line) -> assertThat(line).contains("event=check-in sequence=1 accepted=true"));
		assertThat(lines).noneSatisfy((line) -> assertThat(line).contains("OutOfMemoryError"));
	}

	private static String java() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

	private static String classes() throws Exception {
		return Path.of(AgentMain.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
	}

}
