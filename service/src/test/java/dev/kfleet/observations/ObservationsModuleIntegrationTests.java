package dev.kfleet.observations;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

import dev.kfleet.KfleetModuleTest;
import dev.kfleet.StandIns;
import dev.kfleet.agent.server.ReportSnapshot;
import dev.kfleet.agents.AgentReports;
import dev.kfleet.desiredstate.ActionResult;
import dev.kfleet.desiredstate.DesiredState;
import dev.kfleet.desiredstate.DesiredStateService;
import dev.kfleet.hosts.HostService;
import dev.kfleet.platform.FleetJob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

/**
 * The observations module alone, through the service the agents module calls: a report
 * recorded changes the observed state and writes one history entry for what it changed, a
 * check-in that changes nothing is a heartbeat, a replayed one changes nothing, and
 * action results are recorded only with an accepted check-in. The hosts and desiredstate
 * modules are not started: their services are mocked, and the host row that the tables'
 * foreign keys need is inserted as the hosts module would.
 */
@KfleetModuleTest
@Import({ StandIns.NoApiTokens.class, ObservationsModuleIntegrationTests.Heard.class })
class ObservationsModuleIntegrationTests {

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final String HVO_ON = AgentReports.report(AgentReports.HVO_ON_128);

	static final String HVO_OFF = AgentReports.report(AgentReports.HVO_OFF);

	@MockitoBean
	HostService hosts;

	@MockitoBean
	DesiredStateService desiredStates;

	private final CheckInService checkIns;

	private final ObservationService observations;

	private final HostHistoryRepository history;

	private final JdbcClient jdbc;

	private final Heard heard;

	private final FleetJob staleHostScan;

	private UUID host;

	ObservationsModuleIntegrationTests(CheckInService checkIns, ObservationService observations,
			HostHistoryRepository history, JdbcClient jdbc, Heard heard,
			@Qualifier("staleHostScanJob") FleetJob staleHostScan) {
		this.checkIns = checkIns;
		this.observations = observations;
		this.history = history;
		this.jdbc = jdbc;
		this.heard = heard;
		this.staleHostScan = staleHostScan;
	}

	@BeforeEach
	void enrolledHost() {
		this.host = UUID.randomUUID();
		this.jdbc.sql("""
				INSERT INTO host (id, machine_id, hostname, labels, created_at, updated_at, version)
				VALUES (?, ?, 'observed-1', '{}', now(), now(), 0)""").params(this.host, "m-" + this.host).update();
		given(this.desiredStates.currentFor(this.host)).willReturn(DesiredState.NONE);
		this.checkIns.startSession(this.host, "0.1.0");
	}

	@Test
	void aReportRecordedChangesTheObservedStateAndWritesHistory() {
		CheckInService.Answer answer = this.checkIns.checkIn(this.host, full(1, HVO_ON), List.of());

		assertThat(answer.outcome()).isEqualTo(new CheckInService.Outcome(true, 1, false));
		assertThat(answer.desiredState()).isEqualTo(DesiredState.NONE);
		ObservedState on = this.observations.statesOf(List.of(this.host)).get(this.host);
		assertThat(on.hvo()).isEqualTo("on");
		assertThat(on.pools()).isNotEmpty();
		assertThat(this.observations.agentsOf(List.of(this.host)).get(this.host).reportHash()).isEqualTo(hash(HVO_ON));
		String release = JSON.readTree(HVO_ON).at("/kernel/release").stringValue();
		verify(this.hosts).kernelReleaseReported(eq(this.host), eq(release), any(Instant.class));

		this.checkIns.checkIn(this.host, full(2, HVO_OFF), List.of());

		assertThat(this.observations.statesOf(List.of(this.host)).get(this.host).hvo()).isEqualTo("off");
		List<HostChange> entries = this.history.page(this.host, null, 10);
		assertThat(entries).hasSize(3);
		assertThat(entries.getFirst().changes()).extracting(FieldChange::field).contains("hvo.switchOn");
		assertThat(entries.getLast().changes()).extracting(FieldChange::field).containsExactly("enrollment");
		assertThat(this.heard.aspectsOf(this.host)).as("what each batch announced of the host")
			.hasSize(2)
			.allSatisfy((aspects) -> assertThat(aspects).contains(ObservationsChanged.Aspect.HVO_SWITCH,
					ObservationsChanged.Aspect.POOLS));
	}

	@Test
	void theStaleHostScanMarksAgentsThatWentStaleOrCameBackAndAnnouncesThemInBoundedEvents() {
		String run = "stale-" + UUID.randomUUID();
		int hosts = StaleHostScan.EVENT_HOSTS * 2 + 500;
		List<UUID> ids = this.jdbc.sql("""
				INSERT INTO host (id, machine_id, hostname, labels, created_at, updated_at, version)
				SELECT gen_random_uuid(), ? || '-' || n, 'gone', '{}', now(), now(), 0
				FROM generate_series(1, ?) AS n RETURNING id""").params(run, hosts).query(UUID.class).list();
		this.jdbc.sql("""
				INSERT INTO host_agent (host_id, enrolled_at, last_seen_at)
				SELECT id, now(), now() - interval '1 day' FROM host WHERE machine_id LIKE ? || '-%'""")
			.param(run)
			.update();
		this.heard.events.clear();

		this.staleHostScan.work().run();

		assertThat(staleOf(run)).isEqualTo(hosts);
		assertThat(this.heard.events)
			.allSatisfy((event) -> assertThat(event.hosts()).hasSizeLessThanOrEqualTo(StaleHostScan.EVENT_HOSTS));
		assertThat(this.heard.events.stream().flatMap((event) -> event.hosts().stream()))
			.filteredOn((changed) -> ids.contains(changed.hostId()))
			.allSatisfy(
					(changed) -> assertThat(changed.aspects()).containsExactly(ObservationsChanged.Aspect.STALENESS))
			.extracting(ObservationsChanged.HostChanged::hostId)
			.containsExactlyInAnyOrderElementsOf(ids);

		this.jdbc.sql("UPDATE host_agent SET last_seen_at = now() WHERE host_id = ?").param(ids.getFirst()).update();
		this.heard.events.clear();
		this.staleHostScan.work().run();

		assertThat(staleOf(run)).isEqualTo(hosts - 1);
		assertThat(this.heard.events.stream().flatMap((event) -> event.hosts().stream()))
			.extracting(ObservationsChanged.HostChanged::hostId)
			.contains(ids.getFirst())
			.doesNotContainAnyElementsOf(ids.subList(1, ids.size()));
	}

	private int staleOf(String run) {
		return this.jdbc.sql("""
				SELECT count(*) FROM host_agent a JOIN host h ON h.id = a.host_id
				WHERE h.machine_id LIKE ? || '-%' AND a.stale""").param(run).query(Integer.class).single();
	}

	@Test
	void aCheckInThatChangesNothingIsAHeartbeatAndAReplayChangesNothing() {
		this.checkIns.checkIn(this.host, full(1, HVO_ON), List.of());
		ActionResult result = new ActionResult(1, "1", "hvo.set-switch", "succeeded", "on", Instant.now(),
				Instant.now(), List.of());

		CheckInService.Answer heartbeat = this.checkIns.checkIn(this.host, hashOnly(2, HVO_ON), List.of(result));
		CheckInService.Answer replayed = this.checkIns.checkIn(this.host, full(2, HVO_OFF), List.of(result));

		assertThat(heartbeat.outcome()).isEqualTo(new CheckInService.Outcome(true, 2, false));
		assertThat(replayed.outcome()).isEqualTo(new CheckInService.Outcome(false, 2, false));
		assertThat(this.observations.statesOf(List.of(this.host)).get(this.host).hvo()).isEqualTo("on");
		assertThat(this.history.page(this.host, null, 10)).hasSize(2);
		verify(this.desiredStates).recordResults(this.host, List.of(result));
	}

	@Test
	void theResultsThatComeWithAChangedReportAreStoredInItsBatchOnceAccepted() {
		ActionResult result = new ActionResult(1, "1", "hvo.set-switch", "succeeded", "on", Instant.now(),
				Instant.now(), List.of());

		CheckInService.Answer changed = this.checkIns.checkIn(this.host, full(1, HVO_ON), List.of(result));
		CheckInService.Answer replayed = this.checkIns.checkIn(this.host, full(1, HVO_OFF), List.of(result));

		assertThat(changed.outcome().accepted()).isTrue();
		assertThat(replayed.outcome().accepted()).isFalse();
		verify(this.desiredStates).recordResults(Map.of(this.host, List.of(result)));
		verify(this.desiredStates, never()).recordResults(eq(this.host), any());
	}

	@Test
	void aReportTheServiceDoesNotHoldIsAskedForAndNothingIsRecordedForAReplay() {
		CheckInService.Answer wanted = this.checkIns.checkIn(this.host, hashOnly(1, HVO_ON), List.of());
		ActionResult result = new ActionResult(1, "1", "hvo.set-switch", "succeeded", "on", Instant.now(),
				Instant.now(), List.of());
		CheckInService.Answer replayed = this.checkIns.checkIn(this.host, hashOnly(1, HVO_ON), List.of(result));

		assertThat(wanted.outcome()).isEqualTo(new CheckInService.Outcome(true, 1, true));
		assertThat(replayed.outcome().accepted()).isFalse();
		assertThat(this.observations.statesOf(List.of(this.host))).doesNotContainKey(this.host);
		verify(this.desiredStates, never()).recordResults(eq(this.host), any());
	}

	private static CheckInService.CheckIn full(long sequence, String report) {
		return new CheckInService.CheckIn("0.1.0", sequence, hash(report), JSON.readTree(report), report);
	}

	private static CheckInService.CheckIn hashOnly(long sequence, String report) {
		return new CheckInService.CheckIn("0.1.0", sequence, hash(report), null, null);
	}

	private static String hash(String report) {
		return ReportSnapshot.sha256(report);
	}

	/**
	 * The observation changes this module published, as it published them (in its
	 * transactions, on any thread).
	 */
	static class Heard {

		final List<ObservationsChanged> events = new CopyOnWriteArrayList<>();

		@EventListener
		void on(ObservationsChanged changed) {
			this.events.add(changed);
		}

		List<Set<ObservationsChanged.Aspect>> aspectsOf(UUID host) {
			return this.events.stream()
				.flatMap((event) -> event.hosts().stream())
				.filter((changed) -> changed.hostId().equals(host))
				.map(ObservationsChanged.HostChanged::aspects)
				.toList();
		}

	}

}
