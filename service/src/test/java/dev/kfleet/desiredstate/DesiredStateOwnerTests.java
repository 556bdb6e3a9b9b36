package dev.kfleet.desiredstate;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.kfleet.audit.Actor;
import dev.kfleet.platform.ApiPrincipal;
import dev.kfleet.platform.Role;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class DesiredStateOwnerTests {

	static final UUID TOKEN = UUID.randomUUID();

	static final DesiredStateOwner OPERATOR = DesiredStateOwner
		.of(new ApiPrincipal("ops", Role.OPERATOR, DesiredStateOwnerTests.TOKEN));

	static final DesiredStateOwner BOOTSTRAP = DesiredStateOwner
		.of(new ApiPrincipal("bootstrap-admin", Role.ADMIN, null));

	@Test
	void anApiTokenIsTheSameOwnerByItsIdWhateverItsName() {
		assertThat(OPERATOR.kind()).isEqualTo(DesiredStateOwner.Kind.API_TOKEN);
		assertThat(OPERATOR.isSameAs(new DesiredStateOwner(DesiredStateOwner.Kind.API_TOKEN, TOKEN, "renamed")))
			.isTrue();
		assertThat(OPERATOR.isSameAs(new DesiredStateOwner(DesiredStateOwner.Kind.API_TOKEN, UUID.randomUUID(), "ops")))
			.isFalse();
	}

	@Test
	void aRolloutIsNeverATokenWithTheSameId() {
		assertThat(DesiredStateOwner.rollout(TOKEN, "ops").isSameAs(OPERATOR)).isFalse();
		assertThat(DesiredStateOwner.rollout(TOKEN, "hvo wave").isSameAs(DesiredStateOwner.rollout(TOKEN, "other")))
			.isTrue();
	}

	@Test
	void theBootstrapTokenHasNoIdAndIsKnownByItsName() {
		assertThat(BOOTSTRAP.kind()).isEqualTo(DesiredStateOwner.Kind.BOOTSTRAP_TOKEN);
		assertThat(BOOTSTRAP.id()).isNull();
		assertThat(BOOTSTRAP.isSameAs(DesiredStateOwner.of(new ApiPrincipal("bootstrap-admin", Role.ADMIN, null))))
			.isTrue();
		assertThat(BOOTSTRAP.isSameAs(OPERATOR)).isFalse();
	}

	@Test
	void aTokenKnownByNameOnlyIsNobodyWhoCallsToday() {
		DesiredStateOwner legacy = new DesiredStateOwner(DesiredStateOwner.Kind.API_TOKEN, null, "ops");
		assertThat(legacy.isSameAs(OPERATOR)).isFalse();
		assertThat(OPERATOR.isSameAs(legacy)).isFalse();
	}

	@Test
	void writesOfARolloutAreTheServicesInTheAuditLog() {
		assertThat(DesiredStateOwner.rollout(UUID.randomUUID(), "hvo").actor()).isEqualTo(Actor.SERVICE);
		assertThat(OPERATOR.actor()).isEqualTo(new Actor("api-token", TOKEN.toString(), "ops"));
		assertThat(BOOTSTRAP.actor()).isEqualTo(new Actor("bootstrap-token", null, "bootstrap-admin"));
	}

	@Test
	void anOwnerHasAKnownKindAndAName() {
		assertThat(DesiredStateOwner.Kind.of("rollout")).isEqualTo(DesiredStateOwner.Kind.ROLLOUT);
		assertThatIllegalArgumentException().isThrownBy(() -> DesiredStateOwner.Kind.of("service"));
		assertThatIllegalArgumentException().isThrownBy(() -> DesiredStateOwner.rollout(UUID.randomUUID(), " "));
	}

}
