package dev.kfleet.audit;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import dev.kfleet.platform.OperationRefusals;

/**
 * Records operator operations refused with 403, 409 or 412 as their action with the
 * outcome {@code refused}, each in a transaction of its own (the operation's rolled
 * back), and counts them in {@code kfleet.audit.refusals.recorded} by status (ADR 0040).
 */
@Component
class AuditedRefusals implements OperationRefusals {

	private final AuditEventRepository events;

	private final TransactionTemplate transaction;

	private final Clock clock;

	private final MeterRegistry meters;

	AuditedRefusals(AuditEventRepository events, PlatformTransactionManager transactions, Clock clock,
			MeterRegistry meters) {
		this.events = events;
		this.transaction = new TransactionTemplate(transactions);
		this.transaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		this.clock = clock;
		this.meters = meters;
	}

	@Override
	public void refused(Refusal refusal) {
		Map<String, @Nullable Object> details = new LinkedHashMap<>();
		details.put("status", refusal.status());
		details.put("problem", refusal.problem());
		details.put("detail", refusal.detail());
		AuditEventRepository.Written written = new AuditEventRepository.Written(
				this.clock.instant().truncatedTo(ChronoUnit.MICROS), Actor.of(refusal.caller()), refusal.action(),
				refusal.targetType(), AuditEvent.REFUSED, refusal.reason());
		this.transaction.executeWithoutResult((status) -> this.events.insert(written, refusal.targetId(), details));
		Counter.builder("kfleet.audit.refusals.recorded")
			.description("Operator operations refused (403, 409, 412) and recorded in the audit log, by status")
			.tag("status", Integer.toString(refusal.status()))
			.register(this.meters)
			.increment();
	}

}
