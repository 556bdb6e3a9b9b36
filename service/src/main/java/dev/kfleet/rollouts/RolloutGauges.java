package dev.kfleet.rollouts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Counts the rollouts' gauges, on the replica that runs the {@code rollout-gauges} fleet
 * job: three grouped queries, the one over hosts only over active rollouts' hosts.
 */
@Component
class RolloutGauges {

	private final JdbcClient jdbc;

	RolloutGauges(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** The counts now; every feature and rollout state present, at zero when none. */
	Snapshot count() {
		Map<String, Map<String, Long>> rollouts = new LinkedHashMap<>();
		for (Feature feature : Feature.values()) {
			Map<String, Long> byState = new LinkedHashMap<>();
			for (RolloutState state : RolloutState.values()) {
				byState.put(state.value(), 0L);
			}
			rollouts.put(feature.value(), byState);
		}
		this.jdbc.sql("SELECT feature, state, count(*) AS n FROM rollout GROUP BY feature, state").query((rs) -> {
			rollouts.computeIfAbsent(rs.getString("feature"), (feature) -> new LinkedHashMap<>())
				.put(rs.getString("state"), rs.getLong("n"));
		});
		List<Count> hosts = new ArrayList<>();
		this.jdbc.sql("""
				SELECT r.feature, rh.state, count(*) AS n
				FROM rollout r JOIN rollout_host rh ON rh.rollout_id = r.id
				WHERE r.state IN ('pending', 'running', 'paused', 'rolling-back')
				GROUP BY r.feature, rh.state ORDER BY 1, 2""").query((rs) -> {
			hosts.add(new Count(rs.getString("feature"), rs.getString("state"), rs.getLong("n")));
		});
		Map<String, Long> drifted = new LinkedHashMap<>();
		for (Feature feature : Feature.values()) {
			drifted.put(feature.value(), 0L);
		}
		this.jdbc.sql("SELECT feature, count(*) AS n FROM rollout_host WHERE drifted GROUP BY feature").query((rs) -> {
			drifted.put(rs.getString("feature"), rs.getLong("n"));
		});
		List<Count> byState = new ArrayList<>();
		rollouts.forEach(
				(feature, states) -> states.forEach((state, count) -> byState.add(new Count(feature, state, count))));
		return new Snapshot(byState, hosts, drifted);
	}

	/**
	 * The rollouts' gauges as the fleet job stored them for every replica.
	 *
	 * @param rollouts rollouts by feature and state
	 * @param hosts the hosts of active rollouts by feature and their state in the rollout
	 * @param drifted hosts marked drifted by feature
	 */
	record Snapshot(List<Count> rollouts, List<Count> hosts, Map<String, Long> drifted) {

		/** Its name among the fleet's snapshots. */
		static final String NAME = "rollout-gauges";

	}

	/**
	 * How many of something a feature has in a state.
	 *
	 * @param feature the feature
	 * @param state the state
	 * @param count how many
	 */
	record Count(String feature, String state, long count) {
	}

}
