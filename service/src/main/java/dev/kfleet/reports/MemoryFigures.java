package dev.kfleet.reports;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.ResultSet;
import java.sql.SQLException;

import org.jspecify.annotations.Nullable;

/**
 * The memory figures of a set of hosts: sums, to the byte, of what their agents last
 * reported (ADR 0041).
 *
 * @param hosts the hosts, by HVO state
 * @param installedBytes the memory of the hosts' memory blocks
 * ({@code memmap.memoryBlocks × memoryBlockSizeBytes})
 * @param hostsWithInstalledMemory how many hosts reported it (the others count 0)
 * @param hugetlbBytes HugeTLB pool memory ({@code total × pageSizeBytes} of each pool)
 * @param reclaimedBytes vmemmap bytes HVO has given back ({@code savings.reclaimedBytes})
 * @param reclaimableBytes vmemmap bytes it would give back with every HugeTLB page
 * optimized ({@code savings.reclaimableBytes})
 * @param additionalBytes the bytes still to gain ({@code savings.additionalBytes})
 * @param additionalFraction {@code additionalBytes / installedBytes}, rounded half-even
 * to 9 decimal places; null when no memory is known
 */
record MemoryFigures(HostCounts hosts, long installedBytes, long hostsWithInstalledMemory, long hugetlbBytes,
		long reclaimedBytes, long reclaimableBytes, long additionalBytes, @Nullable BigDecimal additionalFraction) {

	/** The figures of no host. */
	static final MemoryFigures NONE = of(new HostCounts(0, 0, 0, 0, 0, 0), 0, 0, 0, 0, 0, 0);

	/** The SQL of the figures over the aliases of {@link MemoryAggregates}. */
	static String columns(String hugetlbBytes) {
		return """
				count(*) AS hosts,
				count(*) FILTER (WHERE s.hvo = 'on') AS hvo_on,
				count(*) FILTER (WHERE s.hvo = 'off') AS hvo_off,
				count(*) FILTER (WHERE s.hvo = 'unsupported') AS hvo_unsupported,
				count(*) FILTER (WHERE s.hvo IS NULL OR s.hvo = 'unknown') AS hvo_unknown,
				count(*) FILTER (WHERE a.last_seen_at < :staleBefore) AS stale,
				COALESCE(sum(s.installed_memory_bytes), 0) AS installed_bytes,
				count(s.installed_memory_bytes) AS installed_hosts,
				COALESCE(sum(%s), 0) AS hugetlb_bytes,
				COALESCE(sum(s.hvo_reclaimed_bytes), 0) AS reclaimed_bytes,
				COALESCE(sum(s.hvo_reclaimable_bytes), 0) AS reclaimable_bytes,
				COALESCE(sum(s.hvo_additional_bytes), 0) AS additional_bytes""".formatted(hugetlbBytes);
	}

	static MemoryFigures of(ResultSet rs) throws SQLException {
		HostCounts hosts = new HostCounts(rs.getLong("hosts"), rs.getLong("hvo_on"), rs.getLong("hvo_off"),
				rs.getLong("hvo_unsupported"), rs.getLong("hvo_unknown"), rs.getLong("stale"));
		return of(hosts, exact(rs, "installed_bytes"), rs.getLong("installed_hosts"), exact(rs, "hugetlb_bytes"),
				exact(rs, "reclaimed_bytes"), exact(rs, "reclaimable_bytes"), exact(rs, "additional_bytes"));
	}

	static MemoryFigures of(HostCounts hosts, long installed, long installedHosts, long hugetlb, long reclaimed,
			long reclaimable, long additional) {
		return new MemoryFigures(hosts, installed, installedHosts, hugetlb, reclaimed, reclaimable, additional,
				fraction(additional, installed));
	}

	static @Nullable BigDecimal fraction(long part, long whole) {
		if (whole == 0) {
			return null;
		}
		return BigDecimal.valueOf(part).divide(BigDecimal.valueOf(whole), 9, RoundingMode.HALF_EVEN);
	}

	/** A sum, which PostgreSQL computes in numeric: exact, or an error, never rounded. */
	private static long exact(ResultSet rs, String column) throws SQLException {
		return rs.getBigDecimal(column).longValueExact();
	}

	/**
	 * Hosts by the HVO state of their latest report; {@code on + off + unsupported +
	 * unknown = total}, and {@code stale} counts those whose agent stopped checking in.
	 *
	 * @param total the hosts
	 * @param on HVO on
	 * @param off HVO off (supported)
	 * @param unsupported HVO unsupported by the kernel
	 * @param unknown not known, or no report yet
	 * @param stale of all these, the hosts whose agent is stale
	 */
	record HostCounts(long total, long on, long off, long unsupported, long unknown, long stale) {
	}

}
