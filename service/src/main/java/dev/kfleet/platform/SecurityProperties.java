package dev.kfleet.platform;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Who may reach what without a token.
 *
 * @param publicActuator whether {@code /actuator/health}, {@code /actuator/info} and
 * {@code /actuator/prometheus} are open to anyone (for probes and scrapers); when false
 * they need an API token of any role
 */
@ConfigurationProperties("kfleet.security")
public record SecurityProperties(@DefaultValue("true") boolean publicActuator) {
}
