package dev.kfleet.agents;

import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import dev.kfleet.platform.Secrets;

/**
 * Resolves host tokens to their host. A token verified once is trusted for
 * {@code kfleet.agents.token-cache-ttl}, so that a check-in costs no query for its token;
 * a token replaced through this replica stops working at once. Unknown tokens are never
 * cached.
 */
@Component
class HostTokens {

	private static final HexFormat HEX = HexFormat.of();

	private final ConcurrentMap<String, Entry> verified = new ConcurrentHashMap<>();

	private final AgentCredentialRepository credentials;

	private final long ttlNanos;

	HostTokens(AgentCredentialRepository credentials, AgentsProperties properties) {
		this.credentials = credentials;
		this.ttlNanos = properties.tokenCacheTtl().toNanos();
	}

	Optional<HostPrincipal> verify(String token) {
		byte[] hash = Secrets.hash(token);
		String key = HEX.formatHex(hash);
		long now = System.nanoTime();
		Entry entry = this.verified.get(key);
		if (entry != null && now - entry.verifiedAt() < this.ttlNanos) {
			return Optional.of(new HostPrincipal(entry.hostId()));
		}
		Optional<UUID> host = this.credentials.hostOf(hash);
		host.ifPresentOrElse((id) -> this.verified.put(key, new Entry(id, now)), () -> this.verified.remove(key));
		return host.map(HostPrincipal::new);
	}

	/** Forgets a token that was just replaced. */
	void replaced(byte[] oldHash) {
		this.verified.remove(HEX.formatHex(oldHash));
	}

	@Scheduled(fixedDelayString = "${kfleet.agents.token-cache-ttl:60s}")
	void evictExpired() {
		long now = System.nanoTime();
		this.verified.values().removeIf((entry) -> now - entry.verifiedAt() >= this.ttlNanos);
	}

	private record Entry(UUID hostId, long verifiedAt) {
	}

}
