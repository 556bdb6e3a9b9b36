package dev.kfleet.audit;

import java.time.Duration;

import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The audit log.
 *
 * @param retention how long an event is kept; a fleet job deletes older ones (at least a
 * day)
 */
@Validated
@ConfigurationProperties("kfleet.audit")
public record AuditProperties(@DurationMin(days = 1) @DefaultValue("400d") Duration retention) {
}
