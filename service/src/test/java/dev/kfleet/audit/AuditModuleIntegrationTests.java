package dev.kfleet.audit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.context.annotation.Import;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.support.TransactionTemplate;

import dev.kfleet.KfleetModuleTest;
import dev.kfleet.StandIns;
import dev.kfleet.platform.ApiException;
import dev.kfleet.platform.ApiPrincipal;
import dev.kfleet.platform.FleetJob;
import dev.kfleet.platform.Role;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The audit module alone: an event exists exactly when the change it records was
 * committed; it names the role of the token that acted and the reason given; nothing
 * changes it, and only the retention job, which deletes old events in bounded batches,
 * deletes it.
 */
@KfleetModuleTest
@Import(StandIns.NoApiTokens.class)
@TestPropertySource(properties = "kfleet.audit.retention=36500d")
class AuditModuleIntegrationTests {

	private final AuditLog audit;

	private final AuditEventRepository events;

	private final TransactionTemplate transaction;

	private final List<FleetJob> jobs;

	private final MeterRegistry meters;

	private final JdbcClient jdbc;

	AuditModuleIntegrationTests(AuditLog audit, AuditEventRepository events, TransactionTemplate transaction,
			List<FleetJob> jobs, MeterRegistry meters, JdbcClient jdbc) {
		this.audit = audit;
		this.events = events;
		this.transaction = transaction;
		this.jobs = jobs;
		this.meters = meters;
		this.jdbc = jdbc;
	}

	@AfterEach
	void forgetTheCaller() {
		SecurityContextHolder.clearContext();
	}

	@Test
	void anEventIsStoredWithTheTransactionThatRecordsIt() {
		String target = UUID.randomUUID().toString();
		this.transaction.executeWithoutResult((status) -> this.audit.record(Actor.SERVICE, "host.relabelled", "host",
				target, Map.of("before", Map.of("env", "dev"), "after", Map.of("env", "prod"))));

		assertThat(about(target)).singleElement().satisfies((event) -> {
			assertThat(event.action()).isEqualTo("host.relabelled");
			assertThat(event.actor()).isEqualTo(Actor.SERVICE);
			assertThat(event.outcome()).isEqualTo("succeeded");
			assertThat(event.reason()).isNull();
			assertThat(event.details().at("/after/env").stringValue()).isEqualTo("prod");
		});
	}

	@Test
	void anEventOfATransactionRolledBackIsNotStored() {
		String target = UUID.randomUUID().toString();
		this.transaction.executeWithoutResult((status) -> {
			this.audit.record(Actor.SERVICE, "host.decommissioned", "host", target, Map.of());
			status.setRollbackOnly();
		});

		assertThat(about(target)).isEmpty();
	}

	@Test
	void recordingNeedsATransactionAndAnActionName() {
		assertThatExceptionOfType(IllegalTransactionStateException.class)
			.isThrownBy(() -> this.audit.record(Actor.SERVICE, "host.decommissioned", "host", null, Map.of()));
		assertThatIllegalArgumentException().isThrownBy(() -> this.transaction.executeWithoutResult(
				(status) -> this.audit.record(Actor.SERVICE, "decommissioned", "host", null, Map.of())));
	}

	@Test
	void anActorWithoutARoleTakesTheRoleOfTheCallingTokenWhenItIsThatToken() {
		UUID tokenId = UUID.randomUUID();
		ApiPrincipal caller = new ApiPrincipal("deployer", Role.OPERATOR, tokenId);
		SecurityContextHolder.getContext()
			.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(caller, null, List.of()));
		String target = UUID.randomUUID().toString();
		this.transaction.executeWithoutResult((status) -> {
			this.audit.record(new Actor("api-token", tokenId.toString(), "deployer"), "desired-state.set", "host",
					target, Map.of());
			this.audit.record(new Actor("api-token", UUID.randomUUID().toString(), "deployer"), "desired-state.forced",
					"host", target, Map.of());
			this.audit.record(Actor.of(new ApiPrincipal("auditor", Role.VIEWER, UUID.randomUUID())), "test.recorded",
					"host", target, Map.of());
		});

		assertThat(about(target)).extracting((event) -> event.action() + " " + event.actor().role())
			.containsExactly("test.recorded viewer", "desired-state.forced null", "desired-state.set operator");
	}

	@Test
	void aReasonGivenExplicitlyIsCheckedAndRecordedOnEveryEvent() {
		UUID first = UUID.randomUUID();
		UUID second = UUID.randomUUID();
		this.transaction.executeWithoutResult((status) -> {
			this.audit.recordAll(Actor.SERVICE, "desired-state.set", "host",
					Map.of(first, Map.of("version", 1), second, Map.of("version", 1)), "  rollout r-1, wave 2  ");
			this.audit.record(Actor.SERVICE, "rollout.created", "rollout", first, Map.of(), "   ");
		});
		assertThat(about(first.toString())).extracting(AuditEvent::reason).containsExactly(null, "rollout r-1, wave 2");
		assertThat(about(second.toString())).extracting(AuditEvent::reason).containsExactly("rollout r-1, wave 2");

		for (String bad : List.of("x".repeat(501), "line\nbreak", "escape \u001b[31m", "c1 \u0085", "sep \u2028")) {
			assertThatExceptionOfType(ApiException.class)
				.isThrownBy(() -> this.transaction.executeWithoutResult((status) -> this.audit.record(Actor.SERVICE,
						"rollout.created", "rollout", first, Map.of(), bad)))
				.satisfies((ex) -> assertThat(ex.violations()).singleElement()
					.satisfies((violation) -> assertThat(violation.field()).isEqualTo("reason")));
		}
		String longest = "\uD83D\uDE00".repeat(500);
		this.transaction.executeWithoutResult(
				(status) -> this.audit.record(Actor.SERVICE, "rollout.created", "rollout", second, Map.of(), longest));
		assertThat(about(second.toString()).getFirst().reason()).isEqualTo(longest);
	}

	@Test
	void aRefusalRecordedInTheCallersTransactionSaysSo() {
		String target = UUID.randomUUID().toString();
		this.transaction.executeWithoutResult((status) -> this.audit.recordRefused(Actor.SERVICE, "enrollment.refused",
				"host", target, Map.of("reason", "host-has-agent")));

		assertThat(this.events
			.page(new AuditEventFilter(null, null, null, null, null, null, target, "refused", null, null), null, 10))
			.singleElement()
			.satisfies((event) -> assertThat(event.outcome()).isEqualTo("refused"));
		assertThat(this.events
			.page(new AuditEventFilter(null, null, null, null, null, null, target, "succeeded", null, null), null, 10))
			.isEmpty();
	}

	@Test
	void theRetentionJobDeletesOnlyOldEventsInBoundedBatchesAndCountsThem() {
		String target = UUID.randomUUID().toString();
		// Long ago, so that no other test's events are as old (and the context's own job,
		// with a retention of a century here, deletes none of these).
		Instant now = Instant.parse("1980-01-01T00:00:00Z");
		Duration retention = Duration.ofDays(30);
		this.transaction.executeWithoutResult((status) -> {
			for (int i = 0; i < 5; i++) {
				insert(now.minus(retention).minusSeconds(60 + i), target, i);
			}
			insert(now.minus(retention).plusSeconds(60), target, 5);
			insert(now, target, 6);
		});
		double before = deletedCount();
		AuditRetention retentionOfTwoBatchesOfTwo = new AuditRetention(this.events, this.transaction, retention,
				Clock.fixed(now, ZoneOffset.UTC), this.meters, 2, 2);

		assertThat(retentionOfTwoBatchesOfTwo.run()).as("a run deletes at most two batches").isEqualTo(4);
		assertThat(about(target)).extracting((event) -> event.details().get("n").intValue())
			.as("the oldest go first")
			.containsExactly(6, 5, 0);
		assertThat(retentionOfTwoBatchesOfTwo.run()).isEqualTo(1);
		assertThat(retentionOfTwoBatchesOfTwo.run()).isZero();
		assertThat(about(target)).extracting((event) -> event.details().get("n").intValue()).containsExactly(6, 5);
		assertThat(deletedCount() - before).isEqualTo(5);
	}

	@Test
	void theTableRefusesUpdatesTruncationAndDeletesOtherThanTheRetentions() {
		String target = UUID.randomUUID().toString();
		this.transaction.executeWithoutResult(
				(status) -> this.audit.record(Actor.SERVICE, "host.relabelled", "host", target, Map.of()));
		for (String statement : List.of("UPDATE audit_event SET reason = 'edited' WHERE target_id = ?",
				"UPDATE audit_event SET outcome = 'refused' WHERE target_id = ?",
				"DELETE FROM audit_event WHERE target_id = ?", "TRUNCATE audit_event")) {
			assertThatExceptionOfType(DataAccessException.class).as(statement)
				.isThrownBy(() -> this.transaction.executeWithoutResult((status) -> {
					JdbcClient.StatementSpec sql = this.jdbc.sql(statement);
					(statement.contains("?") ? sql.param(target) : sql).update();
				}))
				.havingRootCause()
				.withMessageContaining("audit_event is append-only");
		}
		assertThat(about(target)).singleElement().satisfies((event) -> assertThat(event.reason()).isNull());
	}

	@Test
	void theRetentionIsAFleetJobOfItsOwn() {
		assertThat(this.jobs).filteredOn((job) -> job.name().equals("audit-retention"))
			.singleElement()
			.satisfies((job) -> assertThat(job.period()).isEqualTo(AuditRetentionJob.PERIOD));
	}

	private void insert(Instant at, String target, int n) {
		this.events.insert(
				new AuditEventRepository.Written(at, Actor.SERVICE, "test.recorded", "test", "succeeded", null), target,
				Map.of("n", n));
	}

	private double deletedCount() {
		return this.meters.get("kfleet.audit.events.deleted").counter().count();
	}

	private List<AuditEvent> about(String target) {
		return this.events.page(AuditEventFilter.target(target), null, 100);
	}

}
