package dev.kfleet.hosts;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Stores a batch of changed reports in one statement: the sequence guard, the observed
 * state, the HugeTLB pools, the VDUSE devices, the reports themselves, the kernel release
 * and the history, for every host of the batch at once (ADR 0023). One statement is one
 * round trip, and outside a transaction it commits by itself.
 * <p>
 * Each report is taken only if its sequence is newer than every one accepted for its host
 * <em>and</em> the report it replaces is the one it was compared with (its hash is
 * {@link Row#expectedHash}); otherwise nothing is written for that host, and the result
 * says which of the two failed. Rows of {@code host_agent} are locked in id order, so
 * that concurrent batches and heartbeat flushes cannot deadlock. The transaction does not
 * wait for its WAL to reach the disk: a report lost in a database crash is sent again
 * (the agent's next hash is unknown to the service, which then asks for the full report).
 */
@Repository
class ReportBatchRepository {

	private static final String STATEMENT = """
			WITH cfg AS (SELECT set_config('synchronous_commit', 'off', true) AS synchronous_commit, ?::timestamptz AS now),
			b AS (SELECT * FROM unnest(?::uuid[], ?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[],
			          ?::timestamptz[], ?::text[], ?::boolean[], ?::boolean[], ?::bigint[], ?::bigint[], ?::bigint[],
			          ?::boolean[], ?::integer[], ?::boolean[], ?::boolean[], ?::text[])
			      AS b(host_id, sequence, report_hash, agent_version, expected_hash, report,
			          reported_at, hvo, hvo_supported, hvo_switch_on, hvo_reclaimed_bytes, hvo_reclaimable_bytes,
			          hvo_additional_bytes, vduse_supported, vduse_device_count, pool_sizes_lost, devices_changed,
			          kernel_release)),
			p AS (SELECT * FROM unnest(?::uuid[], ?::bigint[], ?::bigint[], ?::bigint[]) AS p(host_id, page_size_bytes, total, free)),
			d AS (SELECT * FROM unnest(?::uuid[], ?::text[], ?::boolean[], ?::text[], ?::text[], ?::integer[], ?::text[],
			          ?::text[], ?::integer[], ?::text[], ?::text[])
			      AS d(host_id, name, attached, driver, type, queue_count, health, health_reason, backend_pid,
			          backend_command, consumer)),
			h AS (SELECT * FROM unnest(?::uuid[], ?::text[], ?::text[], ?::text[]) WITH ORDINALITY
			      AS h(host_id, field, from_value, to_value, n)),
			old AS (SELECT a.host_id, a.last_sequence, a.report_hash, a.agent_version
			        FROM host_agent a JOIN b ON b.host_id = a.host_id ORDER BY a.host_id FOR UPDATE OF a),
			acc AS (UPDATE host_agent AS a SET last_sequence = b.sequence, report_hash = b.report_hash,
			            agent_version = b.agent_version, last_seen_at = GREATEST(a.last_seen_at, cfg.now)
			        FROM cfg, b, old
			        WHERE a.host_id = b.host_id AND old.host_id = b.host_id AND old.last_sequence < b.sequence
			          AND old.report_hash IS NOT DISTINCT FROM b.expected_hash
			        RETURNING a.host_id, old.agent_version AS previous_agent_version),
			state AS (INSERT INTO host_state (host_id, reported_at, hvo, hvo_supported, hvo_switch_on, hvo_reclaimed_bytes,
			              hvo_reclaimable_bytes, hvo_additional_bytes, vduse_supported, vduse_device_count)
			          SELECT b.host_id, b.reported_at, b.hvo, b.hvo_supported, b.hvo_switch_on, b.hvo_reclaimed_bytes,
			              b.hvo_reclaimable_bytes, b.hvo_additional_bytes, b.vduse_supported, b.vduse_device_count
			          FROM b JOIN acc ON acc.host_id = b.host_id
			          ON CONFLICT (host_id) DO UPDATE SET reported_at = EXCLUDED.reported_at, hvo = EXCLUDED.hvo,
			              hvo_supported = EXCLUDED.hvo_supported, hvo_switch_on = EXCLUDED.hvo_switch_on,
			              hvo_reclaimed_bytes = EXCLUDED.hvo_reclaimed_bytes,
			              hvo_reclaimable_bytes = EXCLUDED.hvo_reclaimable_bytes,
			              hvo_additional_bytes = EXCLUDED.hvo_additional_bytes,
			              vduse_supported = EXCLUDED.vduse_supported, vduse_device_count = EXCLUDED.vduse_device_count),
			pools AS (INSERT INTO host_hugetlb_pool (host_id, page_size_bytes, total, free)
			          SELECT p.host_id, p.page_size_bytes, p.total, p.free FROM p JOIN acc ON acc.host_id = p.host_id
			          ON CONFLICT (host_id, page_size_bytes) DO UPDATE SET total = EXCLUDED.total, free = EXCLUDED.free),
			lost_pools AS (DELETE FROM host_hugetlb_pool x USING b, acc
			               WHERE x.host_id = b.host_id AND acc.host_id = b.host_id AND b.pool_sizes_lost
			                 AND NOT EXISTS (SELECT 1 FROM p WHERE p.host_id = x.host_id AND p.page_size_bytes = x.page_size_bytes)),
			devices AS (INSERT INTO host_vduse_device (host_id, name, attached, driver, type, queue_count, health,
			                health_reason, backend_pid, backend_command, consumer, reported_at)
			            SELECT d.host_id, d.name, d.attached, d.driver, d.type, d.queue_count, d.health, d.health_reason,
			                d.backend_pid, d.backend_command, d.consumer, cfg.now
			            FROM cfg, d JOIN acc ON acc.host_id = d.host_id
			            ON CONFLICT (host_id, name) DO UPDATE SET attached = EXCLUDED.attached, driver = EXCLUDED.driver,
			                type = EXCLUDED.type, queue_count = EXCLUDED.queue_count, health = EXCLUDED.health,
			                health_reason = EXCLUDED.health_reason, backend_pid = EXCLUDED.backend_pid,
			                backend_command = EXCLUDED.backend_command, consumer = EXCLUDED.consumer,
			                reported_at = EXCLUDED.reported_at),
			gone_devices AS (DELETE FROM host_vduse_device x USING b, acc
			                 WHERE x.host_id = b.host_id AND acc.host_id = b.host_id AND b.devices_changed
			                   AND NOT EXISTS (SELECT 1 FROM d WHERE d.host_id = x.host_id AND d.name = x.name)),
			reports AS (INSERT INTO host_report (host_id, received_at, sequence, agent_version, report_hash, report)
			            SELECT b.host_id, cfg.now, b.sequence, b.agent_version, b.report_hash, b.report
			            FROM cfg, b JOIN acc ON acc.host_id = b.host_id
			            ON CONFLICT (host_id) DO UPDATE SET received_at = EXCLUDED.received_at, sequence = EXCLUDED.sequence,
			                agent_version = EXCLUDED.agent_version, report_hash = EXCLUDED.report_hash,
			                report = EXCLUDED.report),
			releases AS (UPDATE host SET kernel_release = b.kernel_release, updated_at = cfg.now, version = host.version + 1
			             FROM cfg, b, acc
			             WHERE host.id = b.host_id AND acc.host_id = b.host_id AND b.kernel_release IS NOT NULL
			               AND host.kernel_release IS DISTINCT FROM b.kernel_release),
			history AS (INSERT INTO host_change (host_id, changed_at, field, from_value, to_value)
			            SELECT c.host_id, cfg.now, c.field, c.from_value, c.to_value FROM cfg, (
			                SELECT h.host_id, h.field, h.from_value::jsonb AS from_value, h.to_value::jsonb AS to_value, h.n
			                FROM h JOIN acc ON acc.host_id = h.host_id
			                UNION ALL
			                SELECT b.host_id, 'agent.version', to_jsonb(acc.previous_agent_version),
			                    to_jsonb(b.agent_version), 9223372036854775807
			                FROM b JOIN acc ON acc.host_id = b.host_id
			                WHERE acc.previous_agent_version IS DISTINCT FROM b.agent_version
			                  AND acc.previous_agent_version IS NOT NULL) c
			            ORDER BY c.n, c.host_id)
			SELECT old.host_id, acc.host_id IS NOT NULL AS accepted, old.last_sequence < b.sequence AS newer,
			    old.agent_version
			FROM old JOIN b ON b.host_id = old.host_id LEFT JOIN acc ON acc.host_id = old.host_id""";

	private final JdbcTemplate template;

	private final HostHistoryRepository history;

	ReportBatchRepository(JdbcTemplate template, HostHistoryRepository history) {
		this.template = template;
		this.history = history;
	}

	/**
	 * Writes the rows whose report is taken and returns, for every host of the batch that
	 * has an agent, what became of its row; in a transaction when one is active, else in
	 * a transaction of its own.
	 * @param rows at most one per host
	 * @param now when the reports arrived
	 * @return what became of each row, by host
	 */
	Map<UUID, Written> write(List<Row> rows, Instant now) {
		return this.template.execute((Connection connection) -> {
			try (PreparedStatement statement = connection.prepareStatement(STATEMENT)) {
				Parameters parameters = new Parameters(connection, statement);
				bind(parameters, rows, now);
				Map<UUID, Written> written = new HashMap<>();
				try (ResultSet rs = statement.executeQuery()) {
					while (rs.next()) {
						written.put(rs.getObject(1, UUID.class),
								new Written(rs.getBoolean(2), rs.getBoolean(3), rs.getString(4)));
					}
				}
				return written;
			}
		});
	}

	private void bind(Parameters parameters, List<Row> rows, Instant now) throws SQLException {
		parameters.value(Timestamp.from(now));
		parameters.column("uuid", rows, Row::hostId);
		parameters.column("bigint", rows, Row::sequence);
		parameters.column("text", rows, Row::reportHash);
		parameters.column("text", rows, Row::agentVersion);
		parameters.column("text", rows, Row::expectedHash);
		parameters.column("text", rows, Row::reportText);
		parameters.column("timestamptz", rows, (row) -> Timestamp.from(row.state().reportedAt()));
		parameters.column("text", rows, (row) -> row.state().hvo());
		parameters.column("boolean", rows, (row) -> row.state().hvoSupported());
		parameters.column("boolean", rows, (row) -> row.state().hvoSwitchOn());
		parameters.column("bigint", rows, (row) -> row.state().hvoReclaimedBytes());
		parameters.column("bigint", rows, (row) -> row.state().hvoReclaimableBytes());
		parameters.column("bigint", rows, (row) -> row.state().hvoAdditionalBytes());
		parameters.column("boolean", rows, (row) -> row.state().vduseSupported());
		parameters.column("integer", rows, (row) -> row.state().vduseDeviceCount());
		parameters.column("boolean", rows, Row::poolSizesLost);
		parameters.column("boolean", rows, (row) -> row.devices() != null);
		parameters.column("text", rows, Row::kernelRelease);
		List<Owned<ObservedState.Pool>> pools = owned(rows, Row::pools);
		parameters.column("uuid", pools, Owned::hostId);
		parameters.column("bigint", pools, (pool) -> pool.value().pageSizeBytes());
		parameters.column("bigint", pools, (pool) -> pool.value().total());
		parameters.column("bigint", pools, (pool) -> pool.value().free());
		List<Owned<VduseDeviceState>> devices = owned(rows, Row::devices);
		parameters.column("uuid", devices, Owned::hostId);
		parameters.column("text", devices, (device) -> device.value().name());
		parameters.column("boolean", devices, (device) -> device.value().attached());
		parameters.column("text", devices, (device) -> device.value().driver());
		parameters.column("text", devices, (device) -> device.value().type());
		parameters.column("integer", devices, (device) -> device.value().queueCount());
		parameters.column("text", devices, (device) -> device.value().health());
		parameters.column("text", devices, (device) -> device.value().healthReason());
		parameters.column("integer", devices, (device) -> device.value().backendPid());
		parameters.column("text", devices, (device) -> device.value().backendCommand());
		parameters.column("text", devices, (device) -> device.value().consumer());
		List<Owned<HostChange>> changes = owned(rows, Row::changes);
		parameters.column("uuid", changes, Owned::hostId);
		parameters.column("text", changes, (change) -> change.value().field());
		parameters.column("text", changes, (change) -> this.history.json(change.value().from()));
		parameters.column("text", changes, (change) -> this.history.json(change.value().to()));
	}

	private static <T> List<Owned<T>> owned(List<Row> rows, Function<Row, @Nullable List<T>> values) {
		List<Owned<T>> owned = new ArrayList<>();
		for (Row row : rows) {
			List<T> list = values.apply(row);
			if (list != null) {
				list.forEach((value) -> owned.add(new Owned<>(row.hostId(), value)));
			}
		}
		return owned;
	}

	/** The statement's parameters, bound in order. */
	private static final class Parameters {

		private final Connection connection;

		private final PreparedStatement statement;

		private int index;

		Parameters(Connection connection, PreparedStatement statement) {
			this.connection = connection;
			this.statement = statement;
		}

		<T> void column(String type, List<T> items, Function<T, @Nullable Object> value) throws SQLException {
			Object[] values = new Object[items.size()];
			for (int i = 0; i < values.length; i++) {
				values[i] = value.apply(items.get(i));
			}
			Array array = this.connection.createArrayOf(type, values);
			this.statement.setArray(++this.index, array);
		}

		void value(Timestamp value) throws SQLException {
			this.statement.setTimestamp(++this.index, value);
		}

	}

	/** A value of a host's list (a pool, a device, a change). */
	private record Owned<T>(UUID hostId, T value) {
	}

	/**
	 * A changed report to store, with what the service derived from it.
	 *
	 * @param hostId the host
	 * @param sequence its check-in's sequence
	 * @param reportHash its hash
	 * @param agentVersion the agent that sent it
	 * @param expectedHash the hash of the report it replaces, as the caller believes
	 * ({@code null}: none)
	 * @param reportText the report as the agent sent it
	 * @param state the observed state it gives
	 * @param pools its pools, or {@code null} when they did not change
	 * @param poolSizesLost whether a page size it had before is gone
	 * @param devices its VDUSE devices, or {@code null} when they did not change
	 * @param kernelRelease its kernel release, or {@code null} when it did not change
	 * @param changes the history entries, the agent's version apart (the statement
	 * compares it with the stored one)
	 */
	record Row(UUID hostId, long sequence, String reportHash, String agentVersion, @Nullable String expectedHash,
			String reportText, ObservedState state, @Nullable List<ObservedState.Pool> pools, boolean poolSizesLost,
			@Nullable List<VduseDeviceState> devices, @Nullable String kernelRelease, List<HostChange> changes) {
	}

	/**
	 * What became of a row.
	 *
	 * @param accepted it was written
	 * @param newer its sequence was newer than every one accepted (when it was not
	 * accepted nonetheless, the report it replaces was not the one expected)
	 * @param previousAgentVersion the agent version held before
	 */
	record Written(boolean accepted, boolean newer, @Nullable String previousAgentVersion) {
	}

}
