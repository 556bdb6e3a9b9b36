package dev.kfleet.desiredstate;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.kfleet.desiredstate.HeldVersion.Replacement;

import static org.assertj.core.api.Assertions.assertThat;

class HeldVersionTests {

	static final DesiredStateOwner ROLLOUT = DesiredStateOwner.rollout(UUID.randomUUID(), "hvo");

	static final DesiredStateOwner OPERATOR = new DesiredStateOwner(DesiredStateOwner.Kind.API_TOKEN, UUID.randomUUID(),
			"ops");

	@Test
	void aVersionNotInFlightIsFreeForAnyone() {
		HeldVersion settled = new HeldVersion(3, ROLLOUT, false);
		assertThat(settled.replacedBy(OPERATOR, false)).isEqualTo(Replacement.FREE);
		assertThat(settled.replacedBy(OPERATOR, true)).isEqualTo(Replacement.FREE);
	}

	@Test
	void theOwnerReplacesItsOwnVersionInFlight() {
		assertThat(new HeldVersion(3, ROLLOUT, true).replacedBy(ROLLOUT, false)).isEqualTo(Replacement.OWN);
	}

	@Test
	void anotherOwnersVersionInFlightIsRefusedUnlessForced() {
		HeldVersion inFlight = new HeldVersion(3, ROLLOUT, true);
		assertThat(inFlight.replacedBy(OPERATOR, false)).isEqualTo(Replacement.REFUSED);
		assertThat(inFlight.replacedBy(OPERATOR, false).writes()).isFalse();
		assertThat(inFlight.replacedBy(OPERATOR, true)).isEqualTo(Replacement.FORCED);
		assertThat(inFlight.replacedBy(OPERATOR, true).writes()).isTrue();
		assertThat(inFlight.owned()).isEqualTo(new OwnedVersion(3, ROLLOUT));
	}

}
