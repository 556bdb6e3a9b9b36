package dev.kfleet.agent.daemon;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.kfleet.agent.server.ServerException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class AgentDaemonTests {

	@TempDir
	Path temp;

	@Test
	void runsCyclesWaitingTheDelayEachOneReturnsUntilStopped() throws Exception {
		FakeServer server = new FakeServer();
		server.interval = 45;
		server.fail(ServerException.Kind.TRANSIENT, 502);
		Path secret = Files.writeString(this.temp.resolve("secret"), "s");
		AgentConfig config = AgentConfig.defaults(URI.create("http://x"), secret)
			.withRoot(this.temp)
			.withStateDir(this.temp.resolve("state"));
		List<Duration> waits = new ArrayList<>();
		try (CheckInCycle cycle = CheckInCycle.open(config, server, new AgentLog(
				new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), config.clock()), (d) -> {
				}, () -> {
				}, () -> 0L)) {
			AgentDaemon[] daemon = new AgentDaemon[1];
			daemon[0] = new AgentDaemon(cycle, (delay) -> {
				waits.add(delay);
				if (waits.size() == 3) {
					daemon[0].stop();
				}
				return waits.size() < 3;
			});
			daemon[0].run();
			assertThat(daemon[0].awaitFinished(Duration.ZERO)).isTrue();
		}
		assertThat(waits).hasSize(3);
		assertThat(waits.get(0)).isEqualTo(Duration.ofSeconds(1));
		assertThat(waits.get(1)).as("the first check-in after a failure is spread over [½, 1½] intervals")
			.isEqualTo(Duration.ofMillis(22_500));
		assertThat(waits.get(2)).isEqualTo(Duration.ofSeconds(45));
		assertThat(server.checkIns).hasSize(2);
	}

	@Test
	void aStopWhileWaitingEndsTheLoopWithoutAnotherCycle() throws Exception {
		FakeServer server = new FakeServer();
		Path secret = Files.writeString(this.temp.resolve("secret"), "s");
		AgentConfig config = AgentConfig.defaults(URI.create("http://x"), secret)
			.withRoot(this.temp)
			.withStateDir(this.temp.resolve("state"));
		try (CheckInCycle cycle = CheckInCycle.open(config, server, new AgentLog(
				new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), config.clock()), (d) -> {
				}, () -> {
				})) {
			AgentDaemon daemon = new AgentDaemon(cycle);
			Thread loop = Thread.ofVirtual().start(() -> {
				try {
					daemon.run();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			});
			server.firstCheckIn.await();
			daemon.stop();
			loop.join();
		}
		assertThat(server.checkIns).hasSize(1);
	}

}
