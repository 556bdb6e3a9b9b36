package dev.kfleet.tokens;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.test.ApplicationModuleTest.BootstrapMode;

import dev.kfleet.KfleetModuleTest;
import dev.kfleet.platform.ApiPrincipal;
import dev.kfleet.platform.ApiTokenVerifier;
import dev.kfleet.platform.Role;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tokens module with the audit log it records to: a token created is the operator
 * API's credential, with its role, until it is revoked; both are audited.
 */
@KfleetModuleTest(mode = BootstrapMode.DIRECT_DEPENDENCIES)
class TokensModuleIntegrationTests {

	static final ApiPrincipal ADMIN = new ApiPrincipal("module-test-admin", Role.ADMIN, null);

	private final ApiTokenService tokens;

	private final ApiTokenVerifier verifier;

	private final JdbcClient jdbc;

	TokensModuleIntegrationTests(ApiTokenService tokens, ApiTokenVerifier verifier, JdbcClient jdbc) {
		this.tokens = tokens;
		this.verifier = verifier;
		this.jdbc = jdbc;
	}

	@Test
	void aTokenIsACredentialWithItsRoleUntilItIsRevoked() {
		String name = "module-test-" + UUID.randomUUID();
		ApiTokenService.CreatedToken created = this.tokens.create(name, Role.OPERATOR, null, ADMIN);
		UUID id = created.token().secret().id();

		assertThat(this.verifier.verify(created.secret())).hasValueSatisfying((principal) -> {
			assertThat(principal.name()).isEqualTo(name);
			assertThat(principal.role()).isEqualTo(Role.OPERATOR);
			assertThat(principal.tokenId()).isEqualTo(id);
		});
		assertThat(this.verifier.verify(created.secret() + "x")).isEmpty();

		this.tokens.revoke(id, ADMIN);

		assertThat(this.verifier.verify(created.secret())).isEmpty();
		assertThat(actionsOn(id)).containsExactly("api-token.created", "api-token.revoked");
	}

	private List<String> actionsOn(UUID id) {
		return this.jdbc.sql("SELECT action FROM audit_event WHERE target_id = ? ORDER BY id")
			.param(id.toString())
			.query(String.class)
			.list();
	}

}
