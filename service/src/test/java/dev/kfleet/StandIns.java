package dev.kfleet;

import java.util.Optional;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

import dev.kfleet.hosts.HostRepresentation;
import dev.kfleet.platform.ApiTokenVerifier;

/**
 * What a module test puts in place of a module it does not start, where the module under
 * test (or {@code platform}, which starts with every one) needs a bean that a module
 * further down the graph provides.
 */
public final class StandIns {

	private StandIns() {
	}

	/**
	 * No operator API token is valid: {@code platform}'s security needs a verifier, which
	 * the tokens module provides.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	public static class NoApiTokens {

		@Bean
		ApiTokenVerifier noApiTokens() {
			return (token) -> Optional.empty();
		}

	}

	/**
	 * Hosts shown as the inventory holds them: the hosts module answers through a
	 * {@link HostRepresentation}, which the read side provides.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	public static class InventoryRepresentation {

		@Bean
		HostRepresentation inventoryRepresentation() {
			return (host) -> host;
		}

	}

}
