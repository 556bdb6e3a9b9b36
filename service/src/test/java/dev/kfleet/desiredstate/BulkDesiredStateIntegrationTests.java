package dev.kfleet.desiredstate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.kfleet.ApiClient;
import dev.kfleet.KfleetIntegrationTest;
import dev.kfleet.platform.ApiException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The Java API a rollout uses: many hosts in one call, one outcome per host.
 */
@KfleetIntegrationTest
class BulkDesiredStateIntegrationTests {

	static final List<ActionRequest> SWITCH_ON = List
		.of(new ActionRequest("hvo.set-switch", Map.of("enabled", true, "persist", true)));

	static final List<ActionRequest> SWITCH_OFF = List
		.of(new ActionRequest("hvo.set-switch", Map.of("enabled", false, "persist", true)));

	final DesiredStateOwner rollout = DesiredStateOwner.rollout(UUID.randomUUID(), "hvo on, wave 1");

	final DesiredStateOwner other = DesiredStateOwner.rollout(UUID.randomUUID(), "another rollout");

	@Autowired
	DesiredStateService service;

	@Autowired
	DesiredStateCache cache;

	@Autowired
	PlatformTransactionManager transactions;

	@Autowired
	JdbcClient jdbc;

	@LocalServerPort
	int port;

	@Test
	void eachHostGetsItsOwnOutcomeAndOnlyTheFreeOnesAreWritten() {
		UUID fresh = host();
		UUID settled = host();
		UUID ownInFlight = host();
		UUID othersInFlight = host();
		UUID decommissioned = host();
		UUID unknown = UUID.randomUUID();
		set(this.other, settled, SWITCH_OFF);
		this.service.recordResults(settled, List.of(result(1, "1")));
		set(this.rollout, ownInFlight, SWITCH_OFF);
		set(this.other, othersInFlight, SWITCH_OFF);
		admin().delete("/api/v1/hosts/{id}", decommissioned);
		Map<UUID, List<ActionRequest>> wave = new LinkedHashMap<>();
		for (UUID host : List.of(unknown, fresh, settled, ownInFlight, othersInFlight, decommissioned)) {
			wave.put(host, SWITCH_ON);
		}

		Map<UUID, SetOutcome> outcomes = this.service.set(this.rollout, wave, false);

		assertThat(outcomes.keySet()).containsExactlyElementsOf(wave.keySet());
		assertThat(outcomes).containsEntry(unknown, new SetOutcome.UnknownHost(unknown))
			.containsEntry(fresh, new SetOutcome.Written(fresh, 1, null))
			.containsEntry(settled, new SetOutcome.Written(settled, 2, null))
			.containsEntry(ownInFlight, new SetOutcome.Written(ownInFlight, 2, null))
			.containsEntry(othersInFlight, new SetOutcome.InFlight(othersInFlight, new OwnedVersion(1, this.other)))
			.containsEntry(decommissioned, new SetOutcome.Decommissioned(decommissioned));
		assertThat(this.service.view(othersInFlight).owner()).isEqualTo(this.other);
		assertThat(this.service.view(othersInFlight).state().version()).isEqualTo(1);
		for (UUID written : List.of(fresh, settled, ownInFlight)) {
			DesiredStateService.View view = this.service.view(written);
			assertThat(view.owner()).isEqualTo(this.rollout);
			assertThat(view.inFlight()).isTrue();
			assertThat(view.state().actions().getFirst().parameters()).containsEntry("enabled", true);
		}
		assertThat(auditEvents("desired-state.set", fresh)).isEqualTo(1);
	}

	@Test
	void forceReplacesOtherOwnersVersionsInFlightAndEachIsAudited() {
		List<UUID> hosts = List.of(host(), host(), host());
		hosts.forEach((host) -> set(this.other, host, SWITCH_OFF));
		Map<UUID, List<ActionRequest>> wave = new LinkedHashMap<>();
		hosts.forEach((host) -> wave.put(host, SWITCH_ON));

		Map<UUID, SetOutcome> outcomes = this.service.set(this.rollout, wave, true);

		for (UUID host : hosts) {
			assertThat(outcomes.get(host)).isEqualTo(new SetOutcome.Written(host, 2, new OwnedVersion(1, this.other)));
			assertThat(auditEvents("desired-state.forced", host)).isEqualTo(1);
			assertThat(this.jdbc.sql("""
					SELECT details #>> '{replaced,owner,id}' FROM audit_event
					WHERE action = 'desired-state.forced' AND target_id = ?""")
				.param(host.toString())
				.query(String.class)
				.single()).isEqualTo(this.other.id().toString());
		}
	}

	@Test
	void aBulkWriteIsHandedOutByThisReplicaOnceCommittedAndNeverIfRolledBack() {
		List<UUID> hosts = List.of(host(), host());
		Map<UUID, List<ActionRequest>> wave = new HashMap<>();
		hosts.forEach((host) -> wave.put(host, SWITCH_ON));
		TransactionTemplate transaction = new TransactionTemplate(this.transactions);
		transaction.executeWithoutResult((status) -> {
			this.service.set(this.rollout, wave, false);
			// What the transaction reads of its own write is not kept for others.
			hosts.forEach((host) -> assertThat(this.cache.get(host).version()).isEqualTo(1));
			status.setRollbackOnly();
		});
		hosts.forEach((host) -> assertThat(this.cache.get(host).version()).isZero());
		transaction.executeWithoutResult((status) -> this.service.set(this.rollout, wave, false));
		hosts.forEach((host) -> assertThat(this.cache.get(host)).isEqualTo(new DesiredState(1,
				List.of(new Action("1", "hvo.set-switch", Map.of("enabled", true, "persist", true))))));
	}

	@Test
	void anInvalidActionWritesNothingForAnyHost() {
		UUID good = host();
		UUID bad = host();
		Map<UUID, List<ActionRequest>> wave = new LinkedHashMap<>();
		wave.put(good, SWITCH_ON);
		wave.put(bad, List.of(new ActionRequest("hvo.set-switch", Map.of("enabled", "yes"))));
		assertThatExceptionOfType(ApiException.class).isThrownBy(() -> this.service.set(this.rollout, wave, false))
			.satisfies((ex) -> assertThat(ex.violations()).extracting("field")
				.containsExactly("actions[0].parameters.enabled"));
		assertThat(this.service.view(good).state().version()).isZero();
	}

	@Test
	void aCallTakesAtMostTenThousandHosts() {
		Map<UUID, List<ActionRequest>> tooMany = new HashMap<>();
		for (int i = 0; i <= DesiredStateService.MAX_HOSTS_PER_CALL; i++) {
			tooMany.put(UUID.randomUUID(), SWITCH_ON);
		}
		assertThatIllegalArgumentException().isThrownBy(() -> this.service.set(this.rollout, tooMany, false));
	}

	@Test
	void hostsMayGetDifferentActionsInOneCall() {
		List<UUID> hosts = new ArrayList<>();
		Map<UUID, List<ActionRequest>> wave = new LinkedHashMap<>();
		for (int i = 0; i < 4; i++) {
			UUID host = host();
			hosts.add(host);
			wave.put(host, (i % 2 == 0) ? SWITCH_ON : SWITCH_OFF);
		}
		this.service.set(this.rollout, wave, false);
		for (int i = 0; i < 4; i++) {
			assertThat(this.service.view(hosts.get(i)).state().actions().getFirst().parameters())
				.containsEntry("enabled", i % 2 == 0);
		}
	}

	private void set(DesiredStateOwner owner, UUID host, List<ActionRequest> actions) {
		assertThat(this.service.set(owner, Map.of(host, actions), false).get(host))
			.isInstanceOf(SetOutcome.Written.class);
	}

	private long auditEvents(String action, UUID host) {
		return this.jdbc.sql("SELECT count(*) FROM audit_event WHERE action = ? AND target_id = ?")
			.params(action, host.toString())
			.query(Long.class)
			.single();
	}

	private ApiClient admin() {
		return new ApiClient(this.port).as(KfleetIntegrationTest.ADMIN_TOKEN);
	}

	private UUID host() {
		return DesiredStateFixtures.registeredHost(this.port, "bulk");
	}

	private static ActionResult result(long version, String actionId) {
		Instant now = Instant.now();
		return new ActionResult(version, actionId, "hvo.set-switch", "succeeded", "done", now, now, List.of());
	}

}
