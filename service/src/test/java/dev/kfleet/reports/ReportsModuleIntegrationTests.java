package dev.kfleet.reports;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Import;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

import dev.kfleet.KfleetModuleTest;
import dev.kfleet.StandIns;
import dev.kfleet.hosts.Host;
import dev.kfleet.hosts.LabelSelector;
import dev.kfleet.observations.ObservationService;
import dev.kfleet.platform.FleetJob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;

/**
 * The reports module alone, over rows stored as the hosts and observations modules store
 * them: the fleet gauges grow by exactly what the stored hosts hold (decommissioned hosts
 * left out, hosts without a report counted as unknown), and the host list selects by
 * labels and by what agents report in its one query. The observations module is not
 * started: its service is mocked, with a staleness threshold in the past that only these
 * hosts' agents are behind.
 */
@KfleetModuleTest
@Import(StandIns.NoApiTokens.class)
class ReportsModuleIntegrationTests {

	static final Instant STALE_BEFORE = Instant.parse("2001-01-01T00:00:00Z");

	static final Instant LONG_AGO = Instant.parse("2000-06-01T00:00:00Z");

	static final long TWO_MB = 2_097_152;

	static final long ONE_GB = 1_073_741_824;

	@MockitoBean
	ObservationService observations;

	private final FleetMetrics metrics;

	private final FleetJob aggregates;

	private final HostListRepository list;

	private final MemoryAggregates memory;

	private final MeterRegistry meters;

	private final JdbcClient jdbc;

	/** The label of this test's hosts (one instance runs every test of the class). */
	private String run = "";

	ReportsModuleIntegrationTests(FleetMetrics metrics, HostListRepository list, MeterRegistry meters, JdbcClient jdbc,
			@Qualifier("fleetAggregatesJob") FleetJob aggregates, MemoryAggregates memory) {
		this.memory = memory;
		this.metrics = metrics;
		this.aggregates = aggregates;
		this.list = list;
		this.meters = meters;
		this.jdbc = jdbc;
	}

	@BeforeEach
	void staleBefore() {
		given(this.observations.staleBefore()).willReturn(STALE_BEFORE);
		this.run = "r" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
	}

	/** What the fleet job does each period, then what every replica shows. */
	private void recompute() {
		this.aggregates.work().run();
		this.metrics.refresh();
	}

	@Test
	void theFleetGaugesGrowByWhatTheStoredHostsHold() {
		recompute();
		Map<String, Double> before = FleetGaugeValues.of(this.meters);

		UUID on = host(false);
		state(on, "on", 100L, 200L, 300L, 0);
		pool(on, TWO_MB, 10);
		device(on, "vduse0", "vhost_vdpa", "block", "healthy");
		device(on, "vduse1", "virtio_vdpa", "net", "degraded");
		this.jdbc.sql("UPDATE host_vduse_device SET backend_gone = true WHERE host_id = ? AND name = 'vduse1'")
			.param(on)
			.update();
		UUID off = host(false);
		state(off, "off", null, 50L, null, 0);
		pool(off, TWO_MB, 5);
		pool(off, ONE_GB, 1);
		agent(off, LONG_AGO);
		UUID unreported = host(false);
		agent(unreported, LONG_AGO);
		UUID decommissioned = host(true);
		state(decommissioned, "on", 1000L, 1000L, 1000L, 1);
		pool(decommissioned, TWO_MB, 1000);
		device(decommissioned, "vduse0", "vhost_vdpa", "block", "healthy");
		agent(decommissioned, LONG_AGO);
		recompute();
		Map<String, Double> after = FleetGaugeValues.of(this.meters);

		Map<String, Double> grown = new HashMap<>();
		after.forEach((gauge, value) -> grown.put(gauge, value - before.getOrDefault(gauge, 0.0)));
		assertThat(grown).containsEntry("hosts hvo=on", 1.0)
			.containsEntry("hosts hvo=off", 1.0)
			.containsEntry("hosts hvo=unknown", 1.0)
			.containsEntry("hosts hvo=unsupported", 0.0)
			.containsEntry("hvo.bytes group=all,kind=reclaimed", 100.0)
			.containsEntry("hvo.bytes group=all,kind=reclaimable", 250.0)
			.containsEntry("hvo.bytes group=all,kind=additional", 300.0)
			.containsEntry("hugetlb.bytes group=all,page_size=2 MiB", 15.0 * TWO_MB)
			.containsEntry("hugetlb.bytes group=all,page_size=1 GiB", 1.0 * ONE_GB)
			.containsEntry("hosts.by-kernel hvo=on,kernel=unknown", 1.0)
			.containsEntry("vduse.devices driver=vhost_vdpa,health=healthy,type=block", 1.0)
			.containsEntry("vduse.orphaned-devices type=net", 1.0)
			.containsEntry("vduse.orphaned-devices type=block", 0.0)
			.containsEntry("hosts.stale", 2.0);
	}

	/**
	 * With a label key set, memory is summed by its values: the largest groups by hosts
	 * apart (two here), the rest as {@code other}, hosts without the label as
	 * {@code none}; kernels by release series, bounded alike.
	 */
	@Test
	void memoryIsGroupedByTheLargestValuesOfOneLabelKey() {
		String key = "team-" + this.run;
		for (int i = 0; i < 3; i++) {
			state(host(key, "a", "9.1." + i + "-test"), "on", 1L, 0L, 0L, 0);
		}
		for (int i = 0; i < 2; i++) {
			UUID b = host(key, "b", "9.2.0");
			state(b, "off", 10L, 0L, 0L, 0);
			pool(b, TWO_MB, 3);
		}
		UUID c = host(key, "c", "9.3.1");
		state(c, "on", 100L, 0L, 0L, 0);
		this.jdbc.sql("UPDATE host_state SET installed_memory_bytes = ? WHERE host_id = ?")
			.params(ONE_GB * 64, c)
			.update();
		pool(c, ONE_GB, 2);
		FleetAggregates aggregates = new FleetAggregates(this.jdbc, this.observations,
				new ReportsProperties(Duration.ofSeconds(30), Duration.ofSeconds(5), List.of(), Duration.ofDays(400),
						Duration.ofHours(1), key, 2));

		FleetSnapshot snapshot = aggregates.compute(Instant.now());

		Map<String, Long> reclaimed = new HashMap<>();
		snapshot.hvoBytes()
			.stream()
			.filter((bytes) -> bytes.kind().equals("reclaimed"))
			.forEach((bytes) -> reclaimed.put(bytes.group(), bytes.bytes()));
		assertThat(reclaimed).containsOnlyKeys("a", "b", "other", "none")
			.containsEntry("a", 3L)
			.containsEntry("b", 20L)
			.containsEntry("other", 100L);
		assertThat(snapshot.installedBytes()).containsEntry("other", ONE_GB * 64).containsEntry("a", 0L);
		assertThat(snapshot.hugetlbBytes()).contains(new FleetSnapshot.PageBytes("b", TWO_MB, 6 * TWO_MB),
				new FleetSnapshot.PageBytes("other", ONE_GB, 2 * ONE_GB));
		assertThat(snapshot.hostsByKernel().stream().map(FleetSnapshot.KernelHosts::kernel).distinct())
			.hasSizeLessThanOrEqualTo(4)
			.allMatch((kernel) -> kernel.matches("\\d+\\.\\d+|other|unknown"));
		assertThat(snapshot.hostsByKernel().stream().mapToLong(FleetSnapshot.KernelHosts::hosts).sum()).isEqualTo(
				this.jdbc.sql("SELECT count(*) FROM host WHERE decommissioned_at IS NULL").query(Long.class).single());
	}

	@Test
	void theFleetReportsOnePassGivesWhatEachGroupingsOwnQueryGives() {
		String tier = "tier-" + this.run;
		String unique = "unique-" + this.run;
		for (int i = 0; i < 5; i++) {
			UUID host = host(tier, (i % 2 == 0) ? "A" : "b", "9." + (i % 3) + ".0");
			state(host, (i % 2 == 0) ? "on" : "off", 10L * i, 20L, (i == 4) ? null : 5L, 0);
			this.jdbc.sql("UPDATE host_state SET numa_nodes = ?, installed_memory_bytes = ? WHERE host_id = ?")
				.params((i == 3) ? null : 1 + i % 2, ONE_GB * (i + 1), host)
				.update();
			this.jdbc
				.sql("UPDATE host SET labels = labels || jsonb_build_object(CAST(? AS text), CAST(? AS text)) "
						+ "WHERE id = ?")
				.params(unique, "u" + i, host)
				.update();
			pool(host, TWO_MB, i);
			if (i % 2 == 1) {
				pool(host, ONE_GB, 1);
			}
		}
		state(host(false), "unsupported", null, null, null, 0);
		List<Grouping> groupings = List.of(Grouping.KERNEL, Grouping.NUMA_NODES, Grouping.PAGE_SIZE,
				Grouping.label("t", tier), Grouping.label("t", "run"));

		MemoryAggregates.FleetFigures fleet = this.memory.fleet(STALE_BEFORE, groupings, 1000);

		assertThat(fleet.totals()).isEqualTo(this.memory.totals(HostScope.FLEET, STALE_BEFORE));
		for (Grouping grouping : groupings) {
			FleetReport.StoredGrouping stored = fleet.groupings().get(grouping.name());
			assertThat(stored).as(grouping.name()).isNotNull();
			assertThat(stored.groups()).as(grouping.name())
				.isNotEmpty()
				.isEqualTo(this.memory.groups(HostScope.FLEET, STALE_BEFORE, grouping, null, 1001));
			assertThat(stored.ungrouped()).as(grouping.name())
				.isEqualTo(this.memory.ungrouped(HostScope.FLEET, STALE_BEFORE, grouping));
		}
		assertThat(fleet.groupings().get(Grouping.label("t", tier).name()).groups())
			.extracting(MemoryAggregates.Group::key)
			.containsExactly("A", "b");

		MemoryAggregates.FleetFigures bounded = this.memory.fleet(STALE_BEFORE,
				List.of(Grouping.label("t", unique), Grouping.label("t", tier)), 4);
		assertThat(bounded.groupings()).as("five values of %s: more than 4", unique)
			.containsOnlyKeys(Grouping.label("t", tier).name());
	}

	@Test
	void pageSizesAreWrittenInTheLargestBinaryUnitThatDividesThem() {
		assertThat(PageSizes.label(TWO_MB)).isEqualTo("2 MiB");
		assertThat(PageSizes.label(ONE_GB)).isEqualTo("1 GiB");
		assertThat(PageSizes.label(65_536)).isEqualTo("64 KiB");
		assertThat(PageSizes.label(32L * 1024 * 1024 * 1024 * 1024)).isEqualTo("32 TiB");
		assertThat(PageSizes.label(3_000)).isEqualTo("3000 B");
	}

	@Test
	void theHostListSelectsByLabelsAndByWhatAgentsReport() {
		UUID on = host(false);
		state(on, "on", 100L, 200L, 300L, 1);
		UUID off = host(false);
		state(off, "off", null, 50L, null, 0);
		agent(off, LONG_AGO);
		UUID unreported = host(false);
		agent(unreported, Instant.now());
		host(true);

		assertThat(ids(filter("on", null, null))).containsExactly(on);
		assertThat(ids(filter(null, true, null))).containsExactly(on);
		assertThat(ids(filter(null, null, true))).containsExactly(off);
		assertThat(ids(filter(null, null, false))).containsExactly(unreported);
		assertThat(ids(filter("unknown", null, null))).containsExactly(unreported);
		assertThat(ids(filter(null, null, null))).containsExactlyInAnyOrder(on, off, unreported);
	}

	/**
	 * A page deep into hosts that all have agents and states reads as many buffers as the
	 * first page, also when filters read the agent's presence and the observed state (a
	 * merge join read {@code host_agent} from its first row: 18 times the first page's
	 * buffers at 90 % depth of these 20,000 hosts).
	 */
	@Test
	void aPageDeepIntoEnrolledHostsReadsNoMoreThanTheFirst() {
		int hosts = 20_000;
		this.jdbc.sql("""
				INSERT INTO host (id, machine_id, hostname, labels, created_at, updated_at, version)
				SELECT gen_random_uuid(), 'm-' || gen_random_uuid(), 'deep-' || n, jsonb_build_object('run', ?),
				       now(), now(), 0
				FROM generate_series(1, ?) AS n""").params(this.run, hosts).update();
		String mine = " FROM host WHERE labels @> jsonb_build_object('run', CAST(? AS text))";
		this.jdbc.sql("INSERT INTO host_agent (host_id, enrolled_at, last_seen_at) SELECT id, now(), now()" + mine)
			.params(this.run)
			.update();
		this.jdbc
			.sql("INSERT INTO host_state (host_id, reported_at, hvo, vduse_device_count) SELECT id, now(), 'on', 1"
					+ mine)
			.params(this.run)
			.update();
		for (String table : List.of("host", "host_agent", "host_state")) {
			this.jdbc.sql("ANALYZE " + table).update();
		}
		UUID deep = this.jdbc.sql("SELECT id" + mine + " ORDER BY id OFFSET ? LIMIT 1")
			.params(this.run, hosts * 9 / 10)
			.query(UUID.class)
			.single();

		for (HostFilter filter : List.of(filter(null, null, null), filter("on", true, false))) {
			assertThat(buffersRead(filter, deep)).as(filter.toString())
				.isLessThanOrEqualTo(2 * buffersRead(filter, null) + 50);
		}
	}

	private long buffersRead(HostFilter filter, @Nullable UUID after) {
		HostConditions where = HostConditions.of(filter, after);
		String plan = this.jdbc.sql("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + HostListRepository.sql(where))
			.params(where.parameters())
			.param("limit", 501)
			.query(String.class)
			.single();
		JsonNode top = JsonMapper.shared().readTree(plan).get(0).get("Plan");
		return top.get("Shared Hit Blocks").asLong() + top.get("Shared Read Blocks").asLong();
	}

	private HostFilter filter(@Nullable String hvo, @Nullable Boolean vduseDevices, @Nullable Boolean stale) {
		return new HostFilter(LabelSelector.parse("run=" + this.run), null, null, null, null, false, hvo, vduseDevices,
				stale, STALE_BEFORE, null);
	}

	private List<UUID> ids(HostFilter filter) {
		return this.list.search(filter, null, 100).stream().map(Host::id).toList();
	}

	private UUID host(boolean decommissioned) {
		UUID id = UUID.randomUUID();
		this.jdbc.sql("""
				INSERT INTO host (id, machine_id, hostname, labels, created_at, updated_at, decommissioned_at, version)
				VALUES (?, ?, 'reported-1', CAST(? AS jsonb), now(), now(), CASE WHEN ? THEN now() END, 0)""")
			.params(id, "m-" + id, "{\"run\":\"" + this.run + "\"}", decommissioned)
			.update();
		return id;
	}

	private UUID host(String labelKey, String labelValue, String kernelRelease) {
		UUID id = UUID.randomUUID();
		this.jdbc.sql("""
				INSERT INTO host (id, machine_id, hostname, kernel_release, labels, created_at, updated_at, version)
				VALUES (?, ?, 'grouped-1', ?, jsonb_build_object('run', CAST(? AS text), CAST(? AS text),
				    CAST(? AS text)), now(), now(), 0)""")
			.params(id, "m-" + id, kernelRelease, this.run, labelKey, labelValue)
			.update();
		return id;
	}

	private void state(UUID host, String hvo, @Nullable Long reclaimed, @Nullable Long reclaimable,
			@Nullable Long additional, int devices) {
		this.jdbc.sql("""
				INSERT INTO host_state (host_id, reported_at, hvo, hvo_reclaimed_bytes, hvo_reclaimable_bytes,
				    hvo_additional_bytes, vduse_device_count)
				VALUES (?, now(), ?, ?, ?, ?, ?)""")
			.params(host, hvo, reclaimed, reclaimable, additional, devices)
			.update();
	}

	private void pool(UUID host, long pageSize, long total) {
		this.jdbc.sql("INSERT INTO host_hugetlb_pool (host_id, page_size_bytes, total, free) VALUES (?, ?, ?, 0)")
			.params(host, pageSize, total)
			.update();
	}

	private void device(UUID host, String name, String driver, String type, String health) {
		this.jdbc.sql("""
				INSERT INTO host_vduse_device (host_id, name, driver, type, health, health_reason, reported_at)
				VALUES (?, ?, ?, ?, ?, '', now())""").params(host, name, driver, type, health).update();
	}

	private void agent(UUID host, Instant lastSeen) {
		this.jdbc.sql("INSERT INTO host_agent (host_id, enrolled_at, last_seen_at) VALUES (?, ?, ?)")
			.params(host, java.sql.Timestamp.from(lastSeen), java.sql.Timestamp.from(lastSeen))
			.update();
	}

}
