package dev.kfleet.rollouts;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import dev.kfleet.rollouts.AskedHost.Observed;

import static dev.kfleet.platform.SqlTypes.timestamp;

/**
 * Drift: a host a completed rollout left in the target state whose report no longer shows
 * it (the switch flipped back by hand, a module unloaded, a new kernel without it) is
 * marked drifted, with what differs, on the rollout's host; it is cleared when the report
 * shows the target again. Only the last rollout that asked a host about a feature speaks
 * for it. A fleet job runs it (ADR 0035).
 */
@Component
class DriftScan {

	private static final Logger log = LoggerFactory.getLogger(DriftScan.class);

	private final JdbcClient jdbc;

	private final JsonMapper json;

	private final MeterRegistry meters;

	private final Clock clock;

	DriftScan(JdbcClient jdbc, JsonMapper json, MeterRegistry meters, Clock clock) {
		this.jdbc = jdbc;
		this.json = json;
		this.meters = meters;
		this.clock = clock;
	}

	/**
	 * Marks the hosts that drifted and clears the ones that came back; how many changed.
	 */
	@Transactional
	int scan() {
		Map<UUID, RolloutSpec> completed = new HashMap<>();
		this.jdbc.sql("SELECT id, spec::text AS spec FROM rollout WHERE state = 'completed'").query((rs) -> {
			completed.put(rs.getObject("id", UUID.class), RolloutSpec.of(this.json.readTree(rs.getString("spec"))));
		});
		if (completed.isEmpty()) {
			return 0;
		}
		List<UUID> rollouts = new ArrayList<>();
		List<UUID> hosts = new ArrayList<>();
		List<Boolean> drifted = new ArrayList<>();
		List<@Nullable String> drifts = new ArrayList<>();
		this.jdbc.sql("""
				SELECT l.rollout_id, l.host_id, l.drifted, h.kernel_release, %s
				FROM (SELECT DISTINCT ON (host_id, feature) rollout_id, host_id, state, drifted
				      FROM rollout_host WHERE asked_at IS NOT NULL
				      ORDER BY host_id, feature, asked_at DESC) l
				JOIN host h ON h.id = l.host_id AND h.decommissioned_at IS NULL
				LEFT JOIN host_state s ON s.host_id = l.host_id
				WHERE l.state = 'succeeded' AND l.rollout_id = ANY(?)""".formatted(Observed.COLUMNS))
			.param(new SqlArrayValue("uuid", completed.keySet().toArray()))
			.query((rs) -> {
				RolloutSpec spec = completed.get(rs.getObject("rollout_id", UUID.class));
				String drift = HostVerdicts.drift(spec.feature(), spec.target(), Observed.of(rs));
				if ((drift != null) != rs.getBoolean("drifted")) {
					rollouts.add(rs.getObject("rollout_id", UUID.class));
					hosts.add(rs.getObject("host_id", UUID.class));
					drifted.add(drift != null);
					drifts.add((drift != null) ? drift + " (kernel " + rs.getString("kernel_release") + ")" : null);
					if (drift != null) {
						Counter.builder("kfleet.rollouts.drifts")
							.description("Hosts found drifted from a completed rollout's target, by feature")
							.tag("feature", spec.feature().value())
							.register(this.meters)
							.increment();
					}
				}
			});
		if (!hosts.isEmpty()) {
			Instant now = this.clock.instant().truncatedTo(ChronoUnit.MICROS);
			this.jdbc.sql("""
					UPDATE rollout_host rh SET drifted = d.drifted, drift = d.drift,
					    drifted_at = CASE WHEN d.drifted THEN CAST(? AS timestamptz) END
					FROM unnest(?::uuid[], ?::uuid[], ?::boolean[], ?::text[]) AS d(rollout_id, host_id, drifted, drift)
					WHERE rh.rollout_id = d.rollout_id AND rh.host_id = d.host_id""")
				.params(timestamp(now), new SqlArrayValue("uuid", rollouts.toArray()),
						new SqlArrayValue("uuid", hosts.toArray()), new SqlArrayValue("boolean", drifted.toArray()),
						new SqlArrayValue("text", drifts.toArray()))
				.update();
			log.info("Drift scan: {} hosts drifted, {} came back", drifted.stream().filter((d) -> d).count(),
					drifted.stream().filter((d) -> !d).count());
		}
		return hosts.size();
	}

}
