package dev.kfleet.rollouts;

import java.math.BigDecimal;
import java.util.regex.Matcher;

import org.jspecify.annotations.Nullable;

/**
 * How many hosts may fail before a rollout halts: a number of hosts ({@code 2}) or a
 * percentage of the hosts it counts over ({@code "10%"}, written as a wave's percentage
 * is, {@link WaveStep#PERCENT}), as Ansible's {@code max_fail_percentage}. Exceeding it
 * halts; reaching it does not: with {@code "10%"} of 20 hosts, 2 failures go on and the
 * third halts.
 *
 * @param hosts the number of hosts, or {@code null} for a percentage
 * @param percent the percentage, or {@code null} for a number of hosts
 */
record FailureBudget(@Nullable Integer hosts, @Nullable BigDecimal percent) {

	/** No failure allowed: the first one halts. */
	static final FailureBudget NONE = new FailureBudget(0, null);

	/**
	 * A budget as an operator writes it: a whole number of hosts from 0, or a percentage
	 * from 0 to 100 with up to two decimals.
	 */
	static FailureBudget parse(Object budget) {
		if (budget instanceof Integer hosts && hosts >= 0) {
			return new FailureBudget(hosts, null);
		}
		if (budget instanceof String text) {
			Matcher percent = WaveStep.PERCENT.matcher(text);
			if (percent.matches() && new BigDecimal(percent.group(1)).compareTo(BigDecimal.valueOf(100)) <= 0) {
				return new FailureBudget(null, new BigDecimal(percent.group(1)));
			}
		}
		throw new IllegalArgumentException(
				"a failure budget is a number of hosts (0 or more) or a percentage from \"0%\" to \"100%\"");
	}

	/** Whether {@code failed} hosts out of {@code of} exceed the budget. */
	boolean exceededBy(int failed, int of) {
		if (this.hosts != null) {
			return failed > this.hosts;
		}
		return BigDecimal.valueOf(failed)
			.multiply(BigDecimal.valueOf(100))
			.compareTo(this.percent.multiply(BigDecimal.valueOf(of))) > 0;
	}

	/** The most hosts out of {@code of} that may fail without halting. */
	int allowed(int of) {
		if (this.hosts != null) {
			return this.hosts;
		}
		return this.percent.multiply(BigDecimal.valueOf(of)).divideToIntegralValue(BigDecimal.valueOf(100)).intValue();
	}

	/** As the API shows it: the number, or the percentage as a string. */
	Object value() {
		return (this.hosts != null) ? this.hosts : this.percent.stripTrailingZeros().toPlainString() + "%";
	}

	@Override
	public String toString() {
		return value().toString();
	}

}
