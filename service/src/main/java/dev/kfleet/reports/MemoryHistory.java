package dev.kfleet.reports;

import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.kfleet.observations.ObservationService;

import static dev.kfleet.platform.SqlTypes.requiredInstant;

/**
 * The memory report's daily history ({@code report_memory_day}, ADR 0042): the figures of
 * the fleet and of each group of the kept groupings, once per UTC day. The day's rows are
 * computed by {@link MemoryAggregates}, as the live report is, and written with
 * {@code ON CONFLICT DO NOTHING}: the day's first run writes them, any later run (another
 * replica, a restart) writes nothing. Rows older than the retention are deleted by the
 * same job.
 */
@Component
class MemoryHistory {

	private static final Logger log = LoggerFactory.getLogger(MemoryHistory.class);

	/** The most groups of one grouping written per day. */
	static final int MAX_GROUPS_PER_DAY = 10_000;

	private static final String COLUMNS = "day, grouping, grouped, group_key, computed_at, hosts, hvo_on, hvo_off, "
			+ "hvo_unsupported, hvo_unknown, stale, installed_bytes, installed_hosts, hugetlb_bytes, reclaimed_bytes, "
			+ "reclaimable_bytes, additional_bytes";

	private final JdbcClient jdbc;

	private final MemoryAggregates memory;

	private final FleetReports reports;

	private final ObservationService observations;

	private final ReportsProperties properties;

	private final TransactionTemplate transaction;

	private final Clock clock;

	MemoryHistory(JdbcClient jdbc, MemoryAggregates memory, FleetReports reports, ObservationService observations,
			ReportsProperties properties, TransactionTemplate transaction, Clock clock) {
		this.jdbc = jdbc;
		this.memory = memory;
		this.reports = reports;
		this.observations = observations;
		this.properties = properties;
		this.transaction = transaction;
		this.clock = clock;
	}

	/**
	 * Writes today's rows (UTC) where they are missing, and deletes the expired days;
	 * returns how many rows it wrote.
	 */
	int writeToday() {
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MICROS);
		LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
		int written = 0;
		if (!written(today)) {
			List<Row> rows = this.reports.inSnapshot(() -> rows(now));
			written = this.transaction.execute((status) -> insert(today, rows));
		}
		LocalDate oldest = today.minusDays(this.properties.historyRetention().toDays() - 1);
		int deleted = this.jdbc.sql("DELETE FROM report_memory_day WHERE day < ?").param(Date.valueOf(oldest)).update();
		if (written > 0 || deleted > 0) {
			log.info("Memory history: {} rows written for {}, {} rows before {} deleted", written, today, deleted,
					oldest);
		}
		return written;
	}

	private boolean written(LocalDate day) {
		return this.jdbc.sql("SELECT EXISTS (SELECT 1 FROM report_memory_day WHERE grouping = 'fleet' AND day = ?)")
			.param(Date.valueOf(day))
			.query(Boolean.class)
			.single();
	}

	private List<Row> rows(Instant now) {
		Instant staleBefore = this.observations.staleBefore();
		List<Row> rows = new ArrayList<>();
		rows.add(new Row(Grouping.FLEET.name(), null, now, this.memory.totals(HostScope.FLEET, staleBefore)));
		for (Grouping grouping : this.reports.keptGroupings()) {
			rows.add(
					new Row(grouping.name(), null, now, this.memory.ungrouped(HostScope.FLEET, staleBefore, grouping)));
			String after = null;
			int count = 0;
			while (count < MAX_GROUPS_PER_DAY) {
				List<MemoryAggregates.Group> groups = this.memory.groups(HostScope.FLEET, staleBefore, grouping, after,
						1000);
				groups.forEach((group) -> rows.add(new Row(grouping.name(), group.key(), now, group.figures())));
				count += groups.size();
				if (groups.size() < 1000) {
					break;
				}
				after = groups.getLast().key();
			}
		}
		return rows;
	}

	private int insert(LocalDate day, List<Row> rows) {
		int written = 0;
		for (Row row : rows) {
			MemoryFigures f = row.figures();
			written += this.jdbc
				.sql("INSERT INTO report_memory_day (" + COLUMNS
						+ ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, " + "?, ?, ?) ON CONFLICT DO NOTHING")
				.params(Date.valueOf(day), row.grouping(), row.key() != null, (row.key() != null) ? row.key() : "",
						Timestamp.from(row.computedAt()), f.hosts().total(), f.hosts().on(), f.hosts().off(),
						f.hosts().unsupported(), f.hosts().unknown(), f.hosts().stale(), f.installedBytes(),
						f.hostsWithInstalledMemory(), f.hugetlbBytes(), f.reclaimedBytes(), f.reclaimableBytes(),
						f.additionalBytes())
				.update();
		}
		return written;
	}

	/**
	 * Up to {@code limit} rows of a grouping from {@code from} to {@code to} (both
	 * included), by day, then the hosts without a key, then by key, after {@code after}.
	 */
	List<Row> page(Grouping grouping, LocalDate from, LocalDate to, @Nullable RowKey after, int limit) {
		String sql = "SELECT " + COLUMNS + " FROM report_memory_day WHERE grouping = :grouping AND day >= :from "
				+ "AND day <= :to" + ((after != null) ? " AND (day, grouped, group_key) > (:day, :grouped, :key)" : "")
				+ " ORDER BY day, grouped, group_key LIMIT :limit";
		JdbcClient.StatementSpec query = this.jdbc.sql(sql)
			.param("grouping", grouping.name())
			.param("from", Date.valueOf(from))
			.param("to", Date.valueOf(to))
			.param("limit", limit);
		if (after != null) {
			query = query.param("day", Date.valueOf(after.day()))
				.param("grouped", after.key() != null)
				.param("key", (after.key() != null) ? after.key() : "");
		}
		return query.query((rs, row) -> Row.of(rs)).list();
	}

	/**
	 * One row of the history.
	 *
	 * @param grouping the grouping's name ({@code fleet} for the fleet)
	 * @param key the group's key; null for the fleet and for the hosts without a key
	 * @param computedAt when its figures were computed
	 * @param figures the figures
	 * @param day the day it is the row of (null before it is written)
	 */
	record Row(String grouping, @Nullable String key, Instant computedAt, MemoryFigures figures,
			@Nullable LocalDate day) {

		Row(String grouping, @Nullable String key, Instant computedAt, MemoryFigures figures) {
			this(grouping, key, computedAt, figures, null);
		}

		static Row of(ResultSet rs) throws SQLException {
			MemoryFigures figures = MemoryFigures.of(
					new MemoryFigures.HostCounts(rs.getLong("hosts"), rs.getLong("hvo_on"), rs.getLong("hvo_off"),
							rs.getLong("hvo_unsupported"), rs.getLong("hvo_unknown"), rs.getLong("stale")),
					rs.getLong("installed_bytes"), rs.getLong("installed_hosts"), rs.getLong("hugetlb_bytes"),
					rs.getLong("reclaimed_bytes"), rs.getLong("reclaimable_bytes"), rs.getLong("additional_bytes"));
			return new Row(rs.getString("grouping"), rs.getBoolean("grouped") ? rs.getString("group_key") : null,
					requiredInstant(rs, "computed_at"), figures, rs.getObject("day", LocalDate.class));
		}

	}

	/**
	 * Where a page of the history ends.
	 *
	 * @param day the day
	 * @param key the group's key, null for the fleet and the hosts without a key
	 */
	record RowKey(LocalDate day, @Nullable String key) {

		/**
		 * The cursor's key: the day (10 characters), then {@code -} or {@code +} and the
		 * key.
		 */
		String encoded() {
			return this.day + ((this.key != null) ? "+" + this.key : "-");
		}

		static RowKey decode(String text) {
			if (text.length() < 11) {
				throw new IllegalArgumentException("too short");
			}
			LocalDate day;
			try {
				day = LocalDate.parse(text.substring(0, 10));
			}
			catch (RuntimeException ex) {
				throw new IllegalArgumentException(ex);
			}
			char marker = text.charAt(10);
			if (marker == '-' && text.length() == 11) {
				return new RowKey(day, null);
			}
			if (marker != '+') {
				throw new IllegalArgumentException("no key marker");
			}
			return new RowKey(day, text.substring(11));
		}

	}

}
