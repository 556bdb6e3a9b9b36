package dev.kfleet.rollouts;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Which eligible host goes in which wave: every host in exactly one wave, each wave
 * reaching what its step asks ({@link WaveStep}), at least one host in each.
 * <p>
 * The hosts are taken in an order that looks random but is the same whenever the plan is
 * computed again for the same rollout (a dry run, a restarted replica, another replica):
 * by a hash of the rollout's seed and the host's id. So a canary is no more likely to be
 * the oldest host, or the first of a rack, than any other.
 *
 * @param waves the hosts of each wave, in order
 */
record WavePlan(List<List<UUID>> waves) {

	WavePlan {
		waves = waves.stream().map(List::copyOf).toList();
	}

	/**
	 * The plan for these eligible hosts (in any order, each once). Refused, with the
	 * reason, when a wave would have no host, or the last does not reach every host.
	 */
	static WavePlan of(List<UUID> eligible, List<WaveStep> steps, String seed) {
		if (steps.isEmpty()) {
			throw new InvalidWavesException("a rollout has at least one wave");
		}
		if (new LinkedHashSet<>(eligible).size() != eligible.size()) {
			throw new IllegalArgumentException("each eligible host is given once");
		}
		if (eligible.isEmpty()) {
			throw new InvalidWavesException("no host is eligible");
		}
		Map<UUID, String> ranks = new HashMap<>();
		eligible.forEach((host) -> ranks.put(host, rank(seed, host)));
		List<UUID> order = new ArrayList<>(eligible);
		order.sort(Comparator.comparing((UUID host) -> ranks.get(host)).thenComparing(Comparator.<UUID>naturalOrder()));
		List<List<UUID>> waves = new ArrayList<>();
		int reached = 0;
		for (int wave = 0; wave < steps.size(); wave++) {
			int reach = steps.get(wave).reach(order.size());
			if (reach <= reached) {
				throw new InvalidWavesException(
						"wave " + (wave + 1) + " (" + steps.get(wave) + " of " + order.size() + " eligible hosts: "
								+ reach + ") would add no host to the " + reached + " of the waves before it");
			}
			waves.add(order.subList(reached, reach));
			reached = reach;
		}
		if (reached < order.size()) {
			throw new InvalidWavesException("the last wave (" + steps.getLast() + ") reaches " + reached + " of the "
					+ order.size() + " eligible hosts; end the waves with \"100%\"");
		}
		return new WavePlan(waves);
	}

	private static String rank(String seed, UUID host) {
		try {
			MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
			sha256.update(seed.getBytes(StandardCharsets.UTF_8));
			sha256.update(ByteBuffer.allocate(16)
				.putLong(host.getMostSignificantBits())
				.putLong(host.getLeastSignificantBits())
				.array());
			return HexFormat.of().formatHex(sha256.digest());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every JDK has SHA-256", ex);
		}
	}

	/** Waves that cannot be planned for the eligible hosts, and why. */
	static final class InvalidWavesException extends RuntimeException {

		InvalidWavesException(String reason) {
			super(reason);
		}

	}

}
