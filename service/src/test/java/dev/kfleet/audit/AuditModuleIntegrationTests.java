package dev.kfleet.audit;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.context.annotation.Import;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.support.TransactionTemplate;

import dev.kfleet.KfleetModuleTest;
import dev.kfleet.StandIns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The audit module alone: an event exists exactly when the change it records was
 * committed.
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

	@Test
	void anEventIsStoredWithTheTransactionThatRecordsIt() {
		String target = UUID.randomUUID().toString();
		this.transaction.executeWithoutResult((status) -> this.audit.record(Actor.SERVICE, "host.relabelled", "host",
				target, Map.of("before", Map.of("env", "dev"), "after", Map.of("env", "prod"))));

		assertThat(this.events.page(null, target, null, 10)).singleElement().satisfies((event) -> {
			assertThat(event.action()).isEqualTo("host.relabelled");
			assertThat(event.actor()).isEqualTo(Actor.SERVICE);
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

		assertThat(this.events.page(null, target, null, 10)).isEmpty();
	}

	@Test
	void recordingNeedsATransactionAndAnActionName() {
		assertThatExceptionOfType(IllegalTransactionStateException.class)
			.isThrownBy(() -> this.audit.record(Actor.SERVICE, "host.decommissioned", "host", null, Map.of()));
		assertThatIllegalArgumentException().isThrownBy(() -> this.transaction.executeWithoutResult(
				(status) -> this.audit.record(Actor.SERVICE, "decommissioned", "host", null, Map.of())));
	}

}
