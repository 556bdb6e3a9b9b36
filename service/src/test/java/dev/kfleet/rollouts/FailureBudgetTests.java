package dev.kfleet.rollouts;

import java.math.BigDecimal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class FailureBudgetTests {

	@Test
	void exceedingABudgetHaltsAndReachingItDoesNot() {
		FailureBudget two = FailureBudget.parse(2);
		assertThat(two.exceededBy(2, 10)).isFalse();
		assertThat(two.exceededBy(3, 10)).isTrue();
		FailureBudget tenPercent = FailureBudget.parse("10%");
		assertThat(tenPercent.exceededBy(2, 20)).isFalse();
		assertThat(tenPercent.exceededBy(3, 20)).isTrue();
		// 10 % of 15 hosts is 1.5: one failure is within it, two exceed it.
		assertThat(tenPercent.exceededBy(1, 15)).isFalse();
		assertThat(tenPercent.exceededBy(2, 15)).isTrue();
		assertThat(tenPercent.allowed(15)).isEqualTo(1);
		assertThat(FailureBudget.NONE.exceededBy(1, 1000)).isTrue();
		assertThat(FailureBudget.NONE.exceededBy(0, 1000)).isFalse();
		assertThat(FailureBudget.parse("100%").exceededBy(7, 7)).isFalse();
	}

	@Test
	void aBudgetIsShownAsItWasWritten() {
		assertThat(FailureBudget.parse(3).value()).isEqualTo(3);
		assertThat(FailureBudget.parse("2.50%").value()).isEqualTo("2.5%");
		assertThat(FailureBudget.parse("0.25%").percent()).isEqualByComparingTo(new BigDecimal("0.25"));
	}

	@Test
	void anythingElseIsRefused() {
		for (Object bad : new Object[] { -1, "101%", "5", "5 %", "-1%", "1.234%", 2.5, 3_000_000_000L, true }) {
			assertThatIllegalArgumentException().as("%s", bad).isThrownBy(() -> FailureBudget.parse(bad));
		}
	}

}
