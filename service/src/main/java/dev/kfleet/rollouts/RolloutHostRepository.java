package dev.kfleet.rollouts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Repository;

import static dev.kfleet.platform.SqlTypes.instant;
import static dev.kfleet.platform.SqlTypes.requiredInstant;
import static dev.kfleet.platform.SqlTypes.timestamp;

/**
 * The {@code rollout_host} table: each host of a rollout and where it is. It reads, never
 * writes, what the agents reported ({@code desired_state_result}, {@code host_state},
 * {@code host_report}, {@code host_agent}) to judge the hosts it asked, in one query per
 * rollout and tick, as the reports module reads them for its lists (ADR 0002, ADR 0035).
 */
@Repository
class RolloutHostRepository {

	/**
	 * The vmemmap bytes rebuilding the free unreserved pages of the report's pools frees.
	 */
	private static final String EXPECTED_GAIN = """
			(SELECT COALESCE(sum(((p->>'free')::bigint - (p->>'reserved')::bigint)
			                     * (p->>'freedBytesPerHugePage')::bigint), 0)
			 FROM host_report r,
			      jsonb_array_elements(CASE WHEN jsonb_typeof(r.report::jsonb #> '{hvo,pools}') = 'array'
			                                THEN r.report::jsonb #> '{hvo,pools}' ELSE '[]'::jsonb END) p
			 WHERE r.host_id = v.host_id AND (p->>'optimizable')::boolean)""";

	private final JdbcClient jdbc;

	private final JsonMapper json;

	RolloutHostRepository(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	/**
	 * Inserts the planned hosts, each in its wave and place, except those another active
	 * rollout of the feature holds (the unique index decides, also against a rollout
	 * created at the same moment and committed first); how many were inserted.
	 */
	int insertPlanned(UUID rolloutId, Feature feature, WavePlan plan) {
		List<UUID> hosts = new ArrayList<>();
		List<Integer> waves = new ArrayList<>();
		List<Integer> ranks = new ArrayList<>();
		for (int wave = 0; wave < plan.waves().size(); wave++) {
			List<UUID> inWave = plan.waves().get(wave);
			for (int rank = 0; rank < inWave.size(); rank++) {
				hosts.add(inWave.get(rank));
				waves.add(wave + 1);
				ranks.add(rank);
			}
		}
		return this.jdbc.sql("""
				INSERT INTO rollout_host (rollout_id, host_id, feature, wave, rank, state)
				SELECT ?, h.host_id, ?, h.wave, h.rank, 'pending'
				FROM unnest(?::uuid[], ?::integer[], ?::integer[]) AS h(host_id, wave, rank)
				ON CONFLICT (host_id, feature) WHERE active DO NOTHING""")
			.params(rolloutId, feature.value(), uuids(hosts), new SqlArrayValue("integer", waves.toArray()),
					new SqlArrayValue("integer", ranks.toArray()))
			.update();
	}

	/** Inserts the hosts that were not eligible, skipped with their reasons. */
	void insertSkipped(UUID rolloutId, Feature feature, Map<UUID, String> reasons, Instant now) {
		if (reasons.isEmpty()) {
			return;
		}
		this.jdbc.sql("""
				INSERT INTO rollout_host (rollout_id, host_id, feature, wave, rank, state, active, finished_at, detail)
				SELECT ?, h.host_id, ?, 0, 0, 'skipped', false, ?, h.detail
				FROM unnest(?::uuid[], ?::text[]) AS h(host_id, detail)""")
			.params(rolloutId, feature.value(), timestamp(now), uuids(reasons.keySet()),
					new SqlArrayValue("text", reasons.values().toArray()))
			.update();
	}

	/** The hosts among these that an active rollout of the feature holds, with it. */
	Map<UUID, Holder> holders(Feature feature, Collection<UUID> hostIds) {
		return holders("rh.feature = ? AND ", List.of(feature.value()), hostIds);
	}

	/** The hosts among these that an active rollout of any feature holds, with it. */
	Map<UUID, Holder> holders(Collection<UUID> hostIds) {
		return holders("", List.of(), hostIds);
	}

	private Map<UUID, Holder> holders(String feature, List<Object> parameters, Collection<UUID> hostIds) {
		Map<UUID, Holder> holders = new TreeMap<>();
		if (hostIds.isEmpty()) {
			return holders;
		}
		List<Object> all = new ArrayList<>(parameters);
		all.add(uuids(hostIds));
		this.jdbc
			.sql("SELECT rh.host_id, r.id, r.name FROM rollout_host rh JOIN rollout r ON r.id = rh.rollout_id "
					+ "WHERE " + feature + "rh.active AND rh.host_id = ANY(?)")
			.params(all)
			.query((rs) -> {
				holders.put(rs.getObject("host_id", UUID.class),
						new Holder(rs.getObject("id", UUID.class), rs.getString("name")));
			});
		return holders;
	}

	/** How many of the rollout's hosts are in each state, per wave (0: not planned). */
	Map<Integer, Map<HostState, Integer>> counts(UUID rolloutId) {
		return counts(List.of(rolloutId)).getOrDefault(rolloutId, new TreeMap<>());
	}

	/**
	 * {@link #counts(UUID)} of each of these rollouts, in one query (a page of the list).
	 */
	Map<UUID, Map<Integer, Map<HostState, Integer>>> counts(Collection<UUID> rolloutIds) {
		Map<UUID, Map<Integer, Map<HostState, Integer>>> counts = new HashMap<>();
		if (rolloutIds.isEmpty()) {
			return counts;
		}
		this.jdbc.sql("""
				SELECT rollout_id, wave, state, count(*) AS n FROM rollout_host WHERE rollout_id = ANY(?)
				GROUP BY rollout_id, wave, state""").param(uuids(rolloutIds)).query((rs) -> {
			counts.computeIfAbsent(rs.getObject("rollout_id", UUID.class), (id) -> new TreeMap<>())
				.computeIfAbsent(rs.getInt("wave"), (wave) -> new LinkedHashMap<>())
				.put(HostState.of(rs.getString("state")), rs.getInt("n"));
		});
		return counts;
	}

	/**
	 * The next pending hosts of a wave in the plan's order, at most {@code limit}; those
	 * left waiting for another owner's version last, so that they hold no other up.
	 */
	List<UUID> pending(UUID rolloutId, int wave, int limit) {
		return this.jdbc.sql("""
				SELECT host_id FROM rollout_host
				WHERE rollout_id = ? AND wave = ? AND state = 'pending' ORDER BY detail IS NOT NULL, rank LIMIT ?""")
			.params(rolloutId, wave, limit)
			.query(UUID.class)
			.list();
	}

	/**
	 * Records that these pending hosts were asked, each at its desired-state version,
	 * with what their latest report said (what a rollback restores, what rebuilt pages
	 * give).
	 */
	void asked(UUID rolloutId, Map<UUID, Long> versions, int actionCount, Instant now, Instant deadline,
			boolean rebuild) {
		this.jdbc
			.sql("""
					UPDATE rollout_host rh
					SET state = 'applying', desired_version = v.version, action_count = ?, asked_at = ?,
					    deadline_at = ?, detail = NULL,
					    previous = jsonb_build_object('switchOn', s.hvo_switch_on, 'reclaimedBytes', s.hvo_reclaimed_bytes,
					                                  'expectedGainBytes', CASE WHEN ? THEN %s END)
					FROM unnest(?::uuid[], ?::bigint[]) AS v(host_id, version)
					LEFT JOIN host_state s ON s.host_id = v.host_id
					WHERE rh.rollout_id = ? AND rh.host_id = ANY(?) AND rh.host_id = v.host_id AND rh.state = 'pending'"""
				.formatted(EXPECTED_GAIN))
			.params(actionCount, timestamp(now), timestamp(deadline), rebuild, uuids(versions.keySet()),
					new SqlArrayValue("bigint", versions.values().toArray()), rolloutId, uuids(versions.keySet()))
			.update();
	}

	/**
	 * Records that these rolling-back hosts were asked to go back, each at its version.
	 */
	void askedBack(UUID rolloutId, Map<UUID, Long> versions, int actionCount, Instant now, Instant deadline) {
		this.jdbc
			.sql("""
					UPDATE rollout_host rh
					SET desired_version = v.version, action_count = ?, asked_at = ?, deadline_at = ?, detail = NULL
					FROM unnest(?::uuid[], ?::bigint[]) AS v(host_id, version)
					WHERE rh.rollout_id = ? AND rh.host_id = ANY(?) AND rh.host_id = v.host_id AND rh.state = 'rolling-back'""")
			.params(actionCount, timestamp(now), timestamp(deadline), uuids(versions.keySet()),
					new SqlArrayValue("bigint", versions.values().toArray()), rolloutId, uuids(versions.keySet()))
			.update();
	}

	/** Notes why these hosts are not asked yet (they stay as they are). */
	void waiting(UUID rolloutId, Map<UUID, String> details) {
		if (details.isEmpty()) {
			return;
		}
		this.jdbc.sql("""
				UPDATE rollout_host rh SET detail = d.detail
				FROM unnest(?::uuid[], ?::text[]) AS d(host_id, detail)
				WHERE rh.rollout_id = ? AND rh.host_id = ANY(?) AND rh.host_id = d.host_id""")
			.params(uuids(details.keySet()), new SqlArrayValue("text", details.values().toArray()), rolloutId,
					uuids(details.keySet()))
			.update();
	}

	/**
	 * The hosts asked and not judged yet (applying, or rolling back and asked) that can
	 * have a verdict at {@code now}: their agent sent a result for the version they were
	 * asked, they were decommissioned ({@code to_judge}, set when either is recorded), or
	 * their deadline passed. With their agents' results and their latest reports. A host
	 * whose agent has not answered yet is not read, nor scanned: both sets come from
	 * their own partial indexes, so a wave of tens of thousands of hosts costs each run
	 * only the hosts that answered since, or are waited for past an answer.
	 */
	List<AskedHost> awaiting(UUID rolloutId, Instant now) {
		return this.jdbc
			.sql("""
					SELECT rh.host_id, rh.state, rh.action_count, rh.deadline_at, rh.previous::text AS previous,
					       h.decommissioned_at IS NOT NULL AS decommissioned, a.last_seen_at,
					       r.results, r.failures, r.pools_kept, r.reported_at,
					       %s
					FROM rollout_host rh
					JOIN host h ON h.id = rh.host_id
					LEFT JOIN host_agent a ON a.host_id = rh.host_id
					LEFT JOIN host_state s ON s.host_id = rh.host_id
					LEFT JOIN LATERAL (
					    SELECT count(DISTINCT action_id) AS results,
					           string_agg(CASE WHEN outcome <> 'succeeded'
					                           THEN type || ' ' || outcome || ': ' || detail END, '; ') AS failures,
					           COALESCE(bool_and(NOT EXISTS (
					               SELECT 1 FROM jsonb_array_elements(pools) p
					               WHERE p->'totalAfter' IS DISTINCT FROM p->'totalBefore')), true) AS pools_kept,
					           max(reported_at) AS reported_at
					    FROM desired_state_result
					    WHERE host_id = rh.host_id AND desired_version = rh.desired_version) r ON TRUE
					WHERE rh.rollout_id = ? AND rh.state IN ('applying', 'rolling-back')
					      AND rh.desired_version IS NOT NULL AND (rh.to_judge OR rh.deadline_at <= ?)"""
				.formatted(AskedHost.Observed.COLUMNS))
			.params(rolloutId, timestamp(now))
			.query(this::asked)
			.list();
	}

	/**
	 * Writes the verdicts on hosts; a host no longer in the state it was judged in is
	 * left.
	 */
	void judged(UUID rolloutId, List<Judged> judged, Instant now) {
		if (judged.isEmpty()) {
			return;
		}
		this.jdbc
			.sql("""
					UPDATE rollout_host rh SET state = v.state, detail = v.detail, finished_at = ?
					FROM unnest(?::uuid[], ?::text[], ?::text[], ?::text[]) AS v(host_id, state, detail, judged_in)
					WHERE rh.rollout_id = ? AND rh.host_id = ANY(?) AND rh.host_id = v.host_id AND rh.state = v.judged_in""")
			.params(timestamp(now), uuids(judged.stream().map(Judged::hostId).toList()),
					new SqlArrayValue("text", judged.stream().map((j) -> j.verdict().state().value()).toArray()),
					new SqlArrayValue("text", judged.stream().map((j) -> j.verdict().detail()).toArray()),
					new SqlArrayValue("text", judged.stream().map((j) -> j.from().value()).toArray()), rolloutId,
					uuids(judged.stream().map(Judged::hostId).toList()))
			.update();
	}

	/**
	 * Skips the pending hosts of the rollout that were decommissioned (marked
	 * {@code to_judge} when they were).
	 */
	int skipDecommissioned(UUID rolloutId, Instant now) {
		return this.jdbc.sql("""
				UPDATE rollout_host rh SET state = 'skipped', detail = 'decommissioned before it was asked',
				    finished_at = ?
				FROM host h
				WHERE rh.rollout_id = ? AND rh.to_judge AND rh.state = 'pending' AND h.id = rh.host_id
				      AND h.decommissioned_at IS NOT NULL""").params(timestamp(now), rolloutId).update();
	}

	/**
	 * Marks the asked rows whose version these hosts' results answer as having something
	 * to judge, in the transaction that records them; how many.
	 */
	int answered(Map<UUID, Set<Long>> versions) {
		List<UUID> hostIds = new ArrayList<>();
		List<Long> answered = new ArrayList<>();
		versions.forEach((hostId, each) -> each.forEach((version) -> {
			hostIds.add(hostId);
			answered.add(version);
		}));
		if (hostIds.isEmpty()) {
			return 0;
		}
		return this.jdbc.sql("""
				UPDATE rollout_host rh SET to_judge = true
				FROM unnest(?::uuid[], ?::bigint[]) AS v(host_id, version)
				WHERE rh.host_id = ANY(?) AND rh.host_id = v.host_id AND rh.desired_version = v.version AND rh.active
				      AND rh.state IN ('applying', 'rolling-back') AND NOT rh.to_judge""")
			.params(uuids(hostIds), new SqlArrayValue("bigint", answered.toArray()), uuids(hostIds))
			.update();
	}

	/**
	 * Marks the host's unfinished rows in active rollouts as having something to judge:
	 * it was decommissioned, in this transaction.
	 */
	int decommissioned(UUID hostId) {
		return this.jdbc.sql("""
				UPDATE rollout_host SET to_judge = true
				WHERE host_id = ? AND active AND state IN ('pending', 'applying', 'rolling-back') AND NOT to_judge""")
			.param(hostId)
			.update();
	}

	/**
	 * Fails the pending hosts of a wave that could not be asked before {@code cutoff}
	 * (another owner's desired state stayed in flight).
	 */
	int failUnasked(UUID rolloutId, int wave, Instant cutoff, Instant now) {
		if (!cutoff.isBefore(now)) {
			return 0;
		}
		return this.jdbc.sql("""
				UPDATE rollout_host SET state = 'failed', finished_at = ?,
				    detail = 'could not be asked before its deadline: ' || detail
				WHERE rollout_id = ? AND wave = ? AND state = 'pending' AND detail IS NOT NULL""")
			.params(timestamp(now), rolloutId, wave)
			.update();
	}

	/** Skips every pending host, for this reason (the rollout ended). */
	int skipPending(UUID rolloutId, String reason, Instant now) {
		return this.jdbc.sql("""
				UPDATE rollout_host SET state = 'skipped', detail = ?, finished_at = ?
				WHERE rollout_id = ? AND state = 'pending'""").params(reason, timestamp(now), rolloutId).update();
	}

	/**
	 * Turns every host the rollout asked (applying, succeeded or failed) into a host to
	 * roll back, not asked yet; the pending ones are skipped.
	 */
	int startRollback(UUID rolloutId, boolean ended, Instant now) {
		skipPending(rolloutId, "the rollout was rolled back before it was asked", now);
		// An active rollout leaves the hosts force took from it; an ended one holds its
		// hosts again (refused, a duplicate key, where another rollout holds them now).
		return this.jdbc.sql("""
				UPDATE rollout_host SET state = 'rolling-back', desired_version = NULL, detail = NULL,
				    finished_at = NULL, active = true, to_judge = false
				WHERE rollout_id = ? AND state IN ('applying', 'succeeded', 'failed', 'rollback-failed')
				      AND asked_at IS NOT NULL AND (active OR ?)""").params(rolloutId, ended).update();
	}

	/**
	 * Fails the hosts to roll back that could not be asked before {@code cutoff} (another
	 * owner's desired state stayed in flight).
	 */
	int failUnaskedBack(UUID rolloutId, Instant cutoff, Instant now) {
		if (!cutoff.isBefore(now)) {
			return 0;
		}
		return this.jdbc.sql("""
				UPDATE rollout_host SET state = 'rollback-failed', finished_at = ?,
				    detail = 'could not be asked to roll back before its deadline: ' || detail
				WHERE rollout_id = ? AND state = 'rolling-back' AND desired_version IS NULL AND detail IS NOT NULL""")
			.params(timestamp(now), rolloutId)
			.update();
	}

	/**
	 * Hosts to roll back that are not asked yet, with what they reported before; those
	 * left waiting for another owner's version last, so that they hold no other up.
	 */
	Map<UUID, Previous> toRollBack(UUID rolloutId, int limit) {
		Map<UUID, Previous> hosts = new LinkedHashMap<>();
		this.jdbc.sql("""
				SELECT host_id, previous::text AS previous FROM rollout_host
				WHERE rollout_id = ? AND state = 'rolling-back' AND desired_version IS NULL
				ORDER BY detail IS NOT NULL, wave, rank LIMIT ?""").params(rolloutId, limit).query((rs) -> {
			hosts.put(rs.getObject("host_id", UUID.class), previous(rs.getString("previous")));
		});
		return hosts;
	}

	/** The hosts this rollout holds no longer hold it (it ended). */
	void release(UUID rolloutId) {
		this.jdbc.sql("UPDATE rollout_host SET active = false WHERE rollout_id = ? AND active")
			.param(rolloutId)
			.update();
	}

	/**
	 * Fails the hosts whose desired state an operator forced over an active rollout,
	 * wherever they were in it (a pending host is never asked then).
	 */
	void forced(Collection<UUID> hostIds, String detail, Instant now) {
		this.jdbc.sql("""
				UPDATE rollout_host SET state = 'failed', detail = ?, finished_at = ?, active = false
				WHERE active AND host_id = ANY(?) AND state IN ('pending', 'applying', 'succeeded', 'rolling-back')""")
			.params(detail, timestamp(now), uuids(hostIds))
			.update();
	}

	/** Up to {@code limit} hosts of a rollout in host order after {@code after}. */
	List<RolloutHostRow> page(UUID rolloutId, @Nullable String state, @Nullable Integer wave, @Nullable UUID after,
			int limit) {
		List<String> where = new ArrayList<>(List.of("rh.rollout_id = :rollout"));
		Map<String, Object> parameters = new HashMap<>(Map.of("rollout", rolloutId, "limit", limit));
		if (state != null) {
			where.add("rh.state = :state");
			parameters.put("state", state);
		}
		if (wave != null) {
			where.add("rh.wave = :wave");
			parameters.put("wave", wave);
		}
		if (after != null) {
			where.add("rh.host_id > :after");
			parameters.put("after", after);
		}
		return this.jdbc.sql("""
				SELECT rh.host_id, h.hostname, rh.wave, rh.state, rh.desired_version, rh.asked_at, rh.deadline_at,
				       rh.finished_at, rh.detail, rh.drifted, rh.drift
				FROM rollout_host rh JOIN host h ON h.id = rh.host_id
				WHERE %s ORDER BY rh.host_id LIMIT :limit""".formatted(String.join(" AND ", where)))
			.params(parameters)
			.query((rs, row) -> new RolloutHostRow(rs.getObject("host_id", UUID.class), rs.getString("hostname"),
					rs.getInt("wave"), HostState.of(rs.getString("state")).value(),
					(Long) rs.getObject("desired_version"), instant(rs, "asked_at"), instant(rs, "deadline_at"),
					instant(rs, "finished_at"), rs.getString("detail"), rs.getBoolean("drifted"),
					rs.getString("drift")))
			.list();
	}

	private AskedHost asked(ResultSet rs, int row) throws SQLException {
		return new AskedHost(rs.getObject("host_id", UUID.class), HostState.of(rs.getString("state")),
				rs.getInt("action_count"), requiredInstant(rs, "deadline_at"), previous(rs.getString("previous")),
				rs.getBoolean("decommissioned"), instant(rs, "last_seen_at"), rs.getInt("results"),
				rs.getString("failures"), rs.getBoolean("pools_kept"), instant(rs, "reported_at"),
				AskedHost.Observed.of(rs));
	}

	private Previous previous(@Nullable String text) {
		if (text == null) {
			return Previous.UNKNOWN;
		}
		JsonNode previous = this.json.readTree(text);
		return new Previous(previous.path("switchOn").isBoolean() ? previous.get("switchOn").booleanValue() : null,
				previous.path("reclaimedBytes").isNumber() ? previous.get("reclaimedBytes").longValue() : null,
				previous.path("expectedGainBytes").isNumber() ? previous.get("expectedGainBytes").longValue() : null);
	}

	private static SqlArrayValue uuids(Collection<UUID> ids) {
		return new SqlArrayValue("uuid", ids.toArray());
	}

	/**
	 * A verdict on a host, and the state it was judged in.
	 *
	 * @param hostId the host
	 * @param from the state it was judged in
	 * @param verdict its new state and why
	 */
	record Judged(UUID hostId, HostState from, HostVerdicts.Verdict verdict) {
	}

	/**
	 * The rollout that holds a host.
	 *
	 * @param rolloutId its id
	 * @param name its name
	 */
	record Holder(UUID rolloutId, String name) {
	}

	/**
	 * One host of a rollout, as {@code GET /api/v1/rollouts/{id}/hosts} shows it.
	 *
	 * @param hostId the host
	 * @param hostname its name
	 * @param wave its wave (0 when it was not eligible)
	 * @param state where it is ({@link HostState}'s value)
	 * @param desiredVersion the desired-state version it was asked last
	 * @param askedAt when it was asked last
	 * @param deadlineAt when it fails if not verified by then
	 * @param finishedAt when its verdict came
	 * @param detail why it is where it is
	 * @param drifted whether its report left the target state after the rollout completed
	 * @param drift what differs, while it is drifted
	 */
	record RolloutHostRow(UUID hostId, String hostname, int wave, String state, @Nullable Long desiredVersion,
			@Nullable Instant askedAt, @Nullable Instant deadlineAt, @Nullable Instant finishedAt,
			@Nullable String detail, boolean drifted, @Nullable String drift) {
	}

}
