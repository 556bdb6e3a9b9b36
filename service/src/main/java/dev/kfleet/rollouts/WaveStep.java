package dev.kfleet.rollouts;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How far a wave takes a rollout, counted from its start: a number of hosts ({@code 1})
 * or a percentage of the eligible hosts ({@code "5%"}, {@code "0.5%"}), as Argo Rollouts'
 * {@code setWeight} and Ansible's {@code serial} take them.
 * {@code [1, "5%", "25%", "100%"]} is a canary of one host, then up to 5 % of the hosts,
 * then 25 %, then all.
 */
sealed interface WaveStep {

	Pattern PERCENT = Pattern.compile("(\\d{1,3}(?:\\.\\d{1,2})?)%");

	/**
	 * How many hosts the rollout has reached after this wave, out of {@code eligible}.
	 */
	int reach(int eligible);

	/** As the API shows it: the number of hosts, or the percentage as a string. */
	default Object value() {
		return toString();
	}

	/**
	 * A step as an operator writes it: a whole number of hosts from 1, or a percentage
	 * over 0 and at most 100, with up to two decimals.
	 */
	static WaveStep parse(Object step) {
		if (step instanceof Integer hosts) {
			return Hosts.of(hosts);
		}
		if (step instanceof String text) {
			Matcher percent = PERCENT.matcher(text);
			if (percent.matches()) {
				return Percent.of(new BigDecimal(percent.group(1)));
			}
		}
		throw new IllegalArgumentException(
				"a wave is a number of hosts (1 or more) or a percentage such as \"5%\", not " + step);
	}

	/** At most this many hosts in all, by the end of the wave. */
	record Hosts(int hosts) implements WaveStep {

		static Hosts of(int hosts) {
			if (hosts < 1) {
				throw new IllegalArgumentException("a wave of hosts counts 1 or more, not " + hosts);
			}
			return new Hosts(hosts);
		}

		@Override
		public int reach(int eligible) {
			return Math.min(this.hosts, eligible);
		}

		@Override
		public Object value() {
			return this.hosts;
		}

		@Override
		public String toString() {
			return Integer.toString(this.hosts);
		}

	}

	/**
	 * This share of the eligible hosts in all, by the end of the wave, rounded up so that
	 * a small fleet's first percentage still reaches a host.
	 */
	record Percent(BigDecimal percent) implements WaveStep {

		private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

		static Percent of(BigDecimal percent) {
			if (percent.signum() <= 0 || percent.compareTo(HUNDRED) > 0) {
				throw new IllegalArgumentException("a percentage of hosts is over 0 and at most 100, not " + percent);
			}
			return new Percent(percent);
		}

		@Override
		public int reach(int eligible) {
			return BigDecimal.valueOf(eligible)
				.multiply(this.percent)
				.divide(HUNDRED, 0, RoundingMode.CEILING)
				.intValueExact();
		}

		@Override
		public String toString() {
			return this.percent.toPlainString() + "%";
		}

	}

}
