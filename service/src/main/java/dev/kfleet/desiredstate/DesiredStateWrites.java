package dev.kfleet.desiredstate;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Repository;

import static dev.kfleet.platform.SqlTypes.timestamp;

/**
 * Writes desired state versions, many hosts per statement, so that two writers racing for
 * a host never both win (ADR 0030). Within a transaction:
 * <ol>
 * <li>{@link #insertFirst}: hosts without a row get version 1 (nothing to replace); a
 * host whose first version another transaction is writing waits for it and is left
 * out.</li>
 * <li>{@link #lockAndRead}: the other hosts' rows are locked, in host order (concurrent
 * writers cannot deadlock), then read with whether they are in flight.</li>
 * <li>{@link #replace}: the caller's decision is written, guarded by the version
 * read.</li>
 * </ol>
 * Every statement takes its hosts as arrays ({@code unnest}), so a call costs the same
 * four round trips for one host or ten thousand.
 */
@Repository
class DesiredStateWrites {

	private final JdbcClient jdbc;

	DesiredStateWrites(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Writes version 1 for each host that has no desired state yet, in host order;
	 * returns the hosts written. A host whose row exists, or was inserted meanwhile by a
	 * transaction that committed, is left out (the caller locks and reads it).
	 * @param actions each host's actions as JSON
	 */
	Set<UUID> insertFirst(SortedMap<UUID, String> actions, DesiredStateOwner owner, Instant now) {
		if (actions.isEmpty()) {
			return Set.of();
		}
		Set<UUID> inserted = new HashSet<>();
		this.jdbc.sql("""
				INSERT INTO desired_state (host_id, version, actions, updated_at, updated_by, owner_kind, owner_id)
				SELECT i.host_id, 1, CAST(i.actions AS jsonb), ?, ?, ?, ?
				FROM unnest(?::uuid[], ?::text[]) AS i(host_id, actions)
				WHERE NOT EXISTS (SELECT 1 FROM desired_state d WHERE d.host_id = i.host_id)
				ORDER BY i.host_id
				ON CONFLICT (host_id) DO NOTHING
				RETURNING host_id""")
			.params(timestamp(now), owner.name(), owner.kind().value(), owner.id(), uuids(actions.keySet()),
					texts(actions.values()))
			.query((rs) -> {
				inserted.add(rs.getObject("host_id", UUID.class));
			});
		return inserted;
	}

	/**
	 * Locks the rows of these hosts until the transaction ends (in host order), then
	 * reads what each holds: a statement of its own, so that it sees every commit made
	 * before the locks were granted.
	 */
	Map<UUID, HeldVersion> lockAndRead(Collection<UUID> hostIds) {
		if (hostIds.isEmpty()) {
			return Map.of();
		}
		this.jdbc.sql("SELECT host_id FROM desired_state WHERE host_id = ANY(?) ORDER BY host_id FOR NO KEY UPDATE")
			.param(uuids(hostIds))
			.query((rs) -> {
			});
		Map<UUID, HeldVersion> held = new HashMap<>();
		this.jdbc
			.sql("SELECT d.host_id, d.version, d.updated_by, d.owner_kind, d.owner_id, "
					+ DesiredStateRepository.IN_FLIGHT + " AS in_flight FROM desired_state d WHERE d.host_id = ANY(?)")
			.param(uuids(hostIds))
			.query((rs) -> {
				held.put(rs.getObject("host_id", UUID.class), new HeldVersion(rs.getLong("version"),
						DesiredStateRepository.owner(rs), rs.getBoolean("in_flight")));
			});
		return held;
	}

	/**
	 * Writes the next version of each host locked by {@link #lockAndRead}, if it still
	 * holds the version read; returns each host's new version.
	 */
	Map<UUID, Long> replace(List<Replacing> replacing, DesiredStateOwner owner, Instant now) {
		if (replacing.isEmpty()) {
			return Map.of();
		}
		Map<UUID, Long> versions = new HashMap<>();
		this.jdbc.sql("""
				UPDATE desired_state d
				SET version = d.version + 1, actions = CAST(i.actions AS jsonb), updated_at = ?, updated_by = ?,
				    owner_kind = ?, owner_id = ?, change_xid = pg_current_xact_id()
				FROM unnest(?::uuid[], ?::bigint[], ?::text[]) AS i(host_id, held_version, actions)
				WHERE d.host_id = i.host_id AND d.version = i.held_version
				RETURNING d.host_id, d.version""")
			.params(timestamp(now), owner.name(), owner.kind().value(), owner.id(),
					uuids(replacing.stream().map(Replacing::hostId).toList()),
					new SqlArrayValue("bigint", replacing.stream().map(Replacing::heldVersion).toArray()),
					texts(replacing.stream().map(Replacing::actions).toList()))
			.query((rs) -> {
				versions.put(rs.getObject("host_id", UUID.class), rs.getLong("version"));
			});
		return versions;
	}

	private static SqlArrayValue uuids(Collection<UUID> ids) {
		return new SqlArrayValue("uuid", ids.toArray());
	}

	private static SqlArrayValue texts(Collection<String> values) {
		return new SqlArrayValue("text", values.toArray());
	}

	/**
	 * A host's next version.
	 *
	 * @param hostId the host
	 * @param heldVersion the version it holds, which the new one replaces
	 * @param actions the new version's actions as JSON
	 */
	record Replacing(UUID hostId, long heldVersion, String actions) {
	}

}
