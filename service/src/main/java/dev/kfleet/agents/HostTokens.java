package dev.kfleet.agents;

import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import dev.kfleet.platform.DatabaseReplaced;
import dev.kfleet.platform.Secrets;

/**
 * Resolves host tokens to their host. A token verified once is trusted without a query:
 * every {@code kfleet.agents.token-cache-ttl} this replica checks all the tokens it
 * trusts in a few queries ({@link #revalidate}) and forgets those replaced or revoked
 * since, so that a check-in costs no query for its token however long the check-in
 * interval is, and a token replaced or revoked through another replica stops working here
 * within that period. A token replaced or revoked through this replica stops at once (and
 * is forgotten again when the transaction that took it away commits). Unknown tokens are
 * never cached. If the tokens cannot be checked (the database is down), each stays
 * trusted for two periods since it was last confirmed.
 */
@Component
class HostTokens {

	private static final Logger log = LoggerFactory.getLogger(HostTokens.class);

	private static final HexFormat HEX = HexFormat.of();

	/** Tokens checked per query when revalidating. */
	private static final int CHUNK = 10_000;

	private final ConcurrentMap<String, Entry> verified = new ConcurrentHashMap<>();

	private final AgentCredentialRepository credentials;

	private final long trustNanos;

	HostTokens(AgentCredentialRepository credentials, AgentsProperties properties) {
		this.credentials = credentials;
		this.trustNanos = 2 * properties.tokenCacheTtl().toNanos();
	}

	Optional<HostPrincipal> verify(String token) {
		byte[] hash = Secrets.hash(token);
		String key = HEX.formatHex(hash);
		long now = System.nanoTime();
		Entry entry = this.verified.get(key);
		if (entry != null && now - entry.confirmedAt() < this.trustNanos) {
			return Optional.of(new HostPrincipal(entry.hostId()));
		}
		Optional<UUID> host = this.credentials.hostOf(hash);
		host.ifPresentOrElse((id) -> this.verified.put(key, new Entry(id, now)), () -> this.verified.remove(key));
		return host.map(HostPrincipal::new);
	}

	/**
	 * Forgets tokens that were just replaced or revoked: now, and again when the
	 * transaction that took them away commits (a check-in in between may have verified
	 * one against the rows not yet committed).
	 */
	void replaced(Collection<byte[]> oldHashes) {
		List<String> keys = oldHashes.stream().map(HEX::formatHex).toList();
		nowAndAfterCommit(() -> this.verified.keySet().removeAll(keys));
	}

	/**
	 * Forgets every token of a host verified by this replica, now and when the
	 * transaction that revoked them commits.
	 */
	void revoked(UUID hostId) {
		nowAndAfterCommit(() -> this.verified.values().removeIf((entry) -> entry.hostId().equals(hostId)));
	}

	/**
	 * Checks every trusted token against the database, {@value #CHUNK} per query: keeps
	 * (and confirms) those that still belong to their host, forgets the others.
	 */
	@Scheduled(fixedDelayString = "${kfleet.agents.token-cache-ttl:60s}")
	void revalidate() {
		long now = System.nanoTime();
		List<String> keys = List.copyOf(this.verified.keySet());
		int forgotten = 0;
		try {
			for (int from = 0; from < keys.size(); from += CHUNK) {
				List<String> chunk = keys.subList(from, Math.min(keys.size(), from + CHUNK));
				Map<String, UUID> current = this.credentials.hostsOf(chunk);
				for (String key : chunk) {
					Entry entry = this.verified.get(key);
					if (entry == null) {
						continue;
					}
					if (entry.hostId().equals(current.get(key))) {
						this.verified.replace(key, entry, new Entry(entry.hostId(), now));
					}
					else if (this.verified.remove(key, entry)) {
						forgotten++;
					}
				}
			}
		}
		catch (DataAccessException ex) {
			log.warn("Could not check the {} host tokens this replica trusts: {}", keys.size(), ex.getMessage());
		}
		if (forgotten > 0) {
			log.info("{} of {} trusted host tokens were replaced or revoked elsewhere; forgotten", forgotten,
					keys.size());
		}
	}

	/**
	 * The database is another server (a restart, a failover, a restore): tokens revoked
	 * or replaced since its backup may be back, and tokens issued since gone, so every
	 * trusted token is checked again at once.
	 */
	@EventListener
	void databaseReplaced(DatabaseReplaced event) {
		revalidate();
	}

	private static void nowAndAfterCommit(Runnable forget) {
		forget.run();
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					forget.run();
				}
			});
		}
	}

	private record Entry(UUID hostId, long confirmedAt) {
	}

}
