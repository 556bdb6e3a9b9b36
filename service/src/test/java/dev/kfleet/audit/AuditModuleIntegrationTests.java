package dev.kfleet.audit;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.context.annotation.Import;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.support.TransactionTemplate;

import dev.kfleet.KfleetModuleTest;
import dev.kfleet.StandIns;
import dev.kfleet.platform.ApiException;
import dev.kfleet.platform.ApiPrincipal;
import dev.kfleet.platform.Role;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The audit module alone: an event exists exactly when the change it records was
 * committed; it names the role of the token that acted and the reason given.
 */
@KfleetModuleTest
@Import(StandIns.NoApiTokens.class)
class AuditModuleIntegrationTests {

	private final AuditLog audit;

	private final AuditEventRepository events;

	private final TransactionTemplate transaction;

	AuditModuleIntegrationTests(AuditLog audit, AuditEventRepository events, TransactionTemplate transaction) {
		this.audit = audit;
		this.events = events;
		this.transaction = transaction;
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

	private List<AuditEvent> about(String target) {
		return this.events.page(AuditEventFilter.target(target), null, 100);
	}

}
