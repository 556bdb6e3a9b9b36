package dev.kfleet.desiredstate;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Repository;

import static dev.kfleet.platform.SqlTypes.requiredInstant;
import static dev.kfleet.platform.SqlTypes.timestamp;

/**
 * Reads the {@code desired_state} and {@code desired_state_result} tables, and records
 * results; versions are written by {@link DesiredStateWrites}.
 */
@Repository
class DesiredStateRepository {

	private static final TypeReference<List<Action>> ACTIONS = new TypeReference<>() {
	};

	private static final TypeReference<List<ActionResult.PoolChange>> POOLS = new TypeReference<>() {
	};

	private static final TypeReference<List<ActionResult.ModuleChange>> MODULES = new TypeReference<>() {
	};

	/**
	 * Whether the row {@code d} holds a version in flight: it has an action without a
	 * result reported for that version since the version was set (so results stored for
	 * the same version number before it was set, after a restore of the database say, do
	 * not count). A version without actions is never in flight.
	 */
	static final String IN_FLIGHT = """
			EXISTS (SELECT 1 FROM jsonb_array_elements(d.actions) AS a
			        WHERE NOT EXISTS (SELECT 1 FROM desired_state_result r
			                          WHERE r.host_id = d.host_id AND r.desired_version = d.version
			                            AND r.action_id = a ->> 'id' AND r.reported_at >= d.updated_at))""";

	private final JdbcClient jdbc;

	private final JsonMapper json;

	DesiredStateRepository(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	Optional<Stored> find(UUID hostId) {
		return this.jdbc
			.sql("SELECT d.version, d.actions::text AS actions, d.updated_at, d.updated_by, d.owner_kind, "
					+ "d.owner_id, " + IN_FLIGHT + " AS in_flight FROM desired_state d WHERE d.host_id = ?")
			.param(hostId)
			.query((rs, row) -> new Stored(
					new DesiredState(rs.getLong("version"), this.json.readValue(rs.getString("actions"), ACTIONS)),
					requiredInstant(rs, "updated_at"), owner(rs), rs.getBoolean("in_flight")))
			.optional();
	}

	/**
	 * The owner of the row read, from {@code owner_kind}, {@code owner_id} and
	 * {@code updated_by}.
	 */
	static DesiredStateOwner owner(ResultSet rs) throws SQLException {
		return new DesiredStateOwner(DesiredStateOwner.Kind.of(rs.getString("owner_kind")),
				rs.getObject("owner_id", UUID.class), rs.getString("updated_by"));
	}

	/**
	 * The desired states written by transactions that had not committed when
	 * {@code horizon} was taken (their ids are at least the oldest transaction running
	 * then), each host's version only, and the horizon for the next call: the oldest
	 * transaction running now. Taken in one statement, so in one snapshot: no commit can
	 * fall between two calls unseen, whatever order transactions commit in.
	 */
	Changes changedSince(String horizon) {
		List<Object[]> rows = this.jdbc.sql("""
				SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS horizon, d.host_id, d.version
				FROM (SELECT 1) AS one LEFT JOIN desired_state d ON d.change_xid >= CAST(? AS xid8)""")
			.param(horizon)
			.query((rs,
					row) -> new Object[] { rs.getString("horizon"), rs.getObject("host_id", UUID.class),
							rs.getLong("version") })
			.list();
		Map<UUID, Long> versions = new HashMap<>();
		rows.stream().filter((row) -> row[1] != null).forEach((row) -> versions.put((UUID) row[1], (Long) row[2]));
		return new Changes((String) rows.getFirst()[0], versions);
	}

	/** The oldest transaction running now: a first poll's horizon. */
	String horizon() {
		return this.jdbc.sql("SELECT pg_snapshot_xmin(pg_current_snapshot())::text").query(String.class).single();
	}

	/** The desired states of these hosts (those that have one). */
	Map<UUID, DesiredState> findAll(Collection<UUID> hostIds) {
		if (hostIds.isEmpty()) {
			return Map.of();
		}
		Map<UUID, DesiredState> states = new HashMap<>();
		this.jdbc.sql("SELECT host_id, version, actions::text AS actions FROM desired_state WHERE host_id = ANY(?)")
			.param(new SqlArrayValue("uuid", hostIds.toArray()))
			.query((rs) -> {
				states.put(rs.getObject("host_id", UUID.class),
						new DesiredState(rs.getLong("version"), this.json.readValue(rs.getString("actions"), ACTIONS)));
			});
		return states;
	}

	/**
	 * Records the results of many hosts in one statement; returns each host's results
	 * that were new (a result resent by the agent is skipped), in the order given.
	 */
	Map<UUID, List<ActionResult>> insertResults(Map<UUID, List<ActionResult>> byHost, Instant now) {
		List<UUID> hosts = new ArrayList<>();
		List<ActionResult> results = new ArrayList<>();
		byHost.forEach((hostId, list) -> list.stream().distinct().forEach((result) -> {
			hosts.add(hostId);
			results.add(result);
		}));
		Map<UUID, List<ActionResult>> inserted = new LinkedHashMap<>();
		if (results.isEmpty()) {
			return inserted;
		}
		// The rows the insert kept, matched to the given ones by the key it
		// deduplicates on, as the database holds it (microseconds).
		List<Long> kept = this.jdbc
			.sql("""
					WITH r AS (SELECT * FROM unnest(?::uuid[], ?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[],
					                               ?::timestamptz[], ?::timestamptz[], ?::text[], ?::text[]) WITH ORDINALITY
					               AS r(host_id, desired_version, action_id, type, outcome, detail, started_at, finished_at,
					                    pools, modules, n)),
					     ins AS (INSERT INTO desired_state_result (host_id, desired_version, action_id, type, outcome, detail,
					                 started_at, finished_at, pools, modules, reported_at)
					             SELECT host_id, desired_version, action_id, type, outcome, detail, started_at, finished_at,
					                    CAST(pools AS jsonb), CAST(modules AS jsonb), ? FROM r ORDER BY n
					             ON CONFLICT (host_id, desired_version, action_id, started_at) DO NOTHING
					             RETURNING host_id, desired_version, action_id, started_at)
					SELECT r.n FROM r JOIN ins USING (host_id, desired_version, action_id, started_at) ORDER BY r.n""")
			.params(new SqlArrayValue("uuid", hosts.toArray()),
					new SqlArrayValue("bigint", results.stream().map(ActionResult::desiredVersion).toArray()),
					texts(results, ActionResult::actionId), texts(results, ActionResult::type),
					texts(results, ActionResult::outcome), texts(results, ActionResult::detail),
					new SqlArrayValue("timestamptz", results.stream().map((r) -> timestamp(r.startedAt())).toArray()),
					new SqlArrayValue("timestamptz", results.stream().map((r) -> timestamp(r.finishedAt())).toArray()),
					texts(results, (r) -> this.json.writeValueAsString(r.pools())),
					texts(results, (r) -> this.json.writeValueAsString(r.modules())), timestamp(now))
			.query(Long.class)
			.list();
		for (long n : kept) {
			int i = (int) n - 1;
			inserted.computeIfAbsent(hosts.get(i), (host) -> new ArrayList<>()).add(results.get(i));
		}
		return inserted;
	}

	private static SqlArrayValue texts(List<ActionResult> results, Function<ActionResult, String> value) {
		return new SqlArrayValue("text", results.stream().map(value).toArray());
	}

	/**
	 * The results reported for this version of the host since it was set ({@code since}),
	 * latest first: never those of another version, nor those stored for the same version
	 * number before it was set.
	 */
	List<Reported> results(UUID hostId, long version, Instant since) {
		return this.jdbc.sql("""
				SELECT desired_version, action_id, type, outcome, detail, started_at, finished_at,
				       pools::text AS pools, modules::text AS modules, reported_at
				FROM desired_state_result WHERE host_id = ? AND desired_version = ? AND reported_at >= ?
				ORDER BY id DESC LIMIT 100""")
			.params(hostId, version, timestamp(since))
			.query((rs, row) -> new Reported(
					new ActionResult(rs.getLong("desired_version"), rs.getString("action_id"), rs.getString("type"),
							rs.getString("outcome"), rs.getString("detail"), requiredInstant(rs, "started_at"),
							requiredInstant(rs, "finished_at"), this.json.readValue(rs.getString("pools"), POOLS),
							this.json.readValue(rs.getString("modules"), MODULES)),
					requiredInstant(rs, "reported_at")))
			.list();
	}

	/**
	 * A host's row.
	 *
	 * @param state its version and actions
	 * @param updatedAt when the version was set
	 * @param owner who set it
	 * @param inFlight whether an action of it still waits for its result
	 */
	record Stored(DesiredState state, Instant updatedAt, DesiredStateOwner owner, boolean inFlight) {
	}

	/**
	 * What a poll found.
	 *
	 * @param horizon where the next poll starts
	 * @param versions the version of each host whose desired state was written since the
	 * previous horizon
	 */
	record Changes(String horizon, Map<UUID, Long> versions) {
	}

	record Reported(ActionResult result, Instant reportedAt) {
	}

}
