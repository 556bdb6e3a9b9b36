package dev.kfleet.hosts;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.test.ApplicationModuleTest.BootstrapMode;
import org.springframework.modulith.test.AssertablePublishedEvents;
import org.springframework.transaction.support.TransactionTemplate;

import dev.kfleet.KfleetModuleTest;
import dev.kfleet.StandIns;
import dev.kfleet.platform.ApiException;
import dev.kfleet.platform.ApiPrincipal;
import dev.kfleet.platform.ApiProblem;
import dev.kfleet.platform.Role;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The hosts module with the audit log it records to: registration is idempotent on the
 * machine id, relabelling applies merge patches under an ETag, decommissioning tells the
 * other modules, and an agent's kernel release is kept; every change is audited.
 */
@KfleetModuleTest(mode = BootstrapMode.DIRECT_DEPENDENCIES)
@Import({ StandIns.NoApiTokens.class, StandIns.InventoryRepresentation.class })
class HostsModuleIntegrationTests {

	static final ApiPrincipal ADMIN = new ApiPrincipal("module-test-admin", Role.ADMIN, null);

	static final JsonMapper JSON = JsonMapper.builder().build();

	private final HostService hosts;

	private final JdbcClient jdbc;

	private final TransactionTemplate transaction;

	HostsModuleIntegrationTests(HostService hosts, JdbcClient jdbc, TransactionTemplate transaction) {
		this.hosts = hosts;
		this.jdbc = jdbc;
		this.transaction = transaction;
	}

	@Test
	void registeringAMachineAgainReturnsItsHostWithItsFactsUpToDate() {
		String machineId = "m-" + UUID.randomUUID();
		HostService.Registration first = this.hosts.register(machineId, "web-1", "6.12.95",
				Map.of("env", "prod", "rack", "r1"), ADMIN);
		HostService.Registration again = this.hosts.register(machineId, "web-1.example", "6.18.44",
				Map.of("env", "dev"), ADMIN);

		assertThat(first.created()).isTrue();
		assertThat(again.created()).isFalse();
		assertThat(again.host().id()).isEqualTo(first.host().id());
		Host stored = this.hosts.get(first.host().id());
		assertThat(stored.hostname()).isEqualTo("web-1.example");
		assertThat(stored.kernelRelease()).isEqualTo("6.18.44");
		assertThat(stored.labels()).isEqualTo(Map.of("env", "prod", "rack", "r1"));
		assertThat(actionsOn(stored.id())).as("registered, then its facts brought up to date")
			.containsExactly("host.registered", "host.registered");
		HostService.Registration unchanged = this.hosts.register(machineId, "web-1.example", "6.18.44", Map.of(),
				ADMIN);
		assertThat(unchanged.host().id()).isEqualTo(first.host().id());
		assertThat(actionsOn(stored.id())).as("the same facts again change nothing").hasSize(2);
	}

	@Test
	void relabellingAppliesAMergePatchUnderItsEtag() {
		Host host = register(Map.of("env", "dev", "rack", "r1"));
		LabelPatch patch = LabelPatch.from(JSON.readTree("{\"labels\":{\"env\":\"prod\",\"rack\":null}}"));

		Host patched = this.hosts.patchLabels(host.id(), patch, host.etag(), ADMIN);

		assertThat(patched.labels()).isEqualTo(Map.of("env", "prod"));
		assertThat(patched.etag()).isNotEqualTo(host.etag());
		assertThatExceptionOfType(ApiException.class)
			.isThrownBy(() -> this.hosts.patchLabels(host.id(), patch, host.etag(), ADMIN))
			.satisfies((ex) -> assertThat(ex.problem()).isEqualTo(ApiProblem.PRECONDITION_FAILED));
		assertThat(actionsOn(host.id())).containsExactly("host.registered", "host.relabelled");
	}

	@Test
	void decommissioningTellsTheOtherModulesAndAnEnrollmentBringsTheHostBack(AssertablePublishedEvents events) {
		Host host = register(Map.of());

		Host decommissioned = this.hosts.decommission(host.id(), ADMIN);

		assertThat(decommissioned.isDecommissioned()).isTrue();
		assertThat(events).contains(HostDecommissioned.class).matching(HostDecommissioned::hostId, host.id());
		assertThatExceptionOfType(ApiException.class).isThrownBy(() -> this.hosts.requireActive(host.id()))
			.satisfies((ex) -> assertThat(ex.problem()).isEqualTo(ApiProblem.CONFLICT));
		this.transaction.executeWithoutResult((status) -> this.hosts.refresh(host.id(), "web-2", "6.18.44"));
		assertThat(this.hosts.get(host.id()).isDecommissioned()).isFalse();
	}

	@Test
	void theKernelReleaseAnAgentReportsIsKept() {
		Host host = register(Map.of());
		Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);

		this.transaction
			.executeWithoutResult((status) -> this.hosts.kernelReleaseReported(host.id(), "6.18.50-custom", at));

		assertThat(this.hosts.kernelReleases(List.of(host.id()))).containsEntry(host.id(), "6.18.50-custom");
		Host stored = this.hosts.get(host.id());
		assertThat(stored.updatedAt()).isEqualTo(at);
		assertThat(stored.isDecommissioned()).isFalse();
	}

	private Host register(Map<String, String> labels) {
		return this.hosts.register("m-" + UUID.randomUUID(), "web-1", "6.12.95", labels, ADMIN).host();
	}

	private List<String> actionsOn(UUID hostId) {
		return this.jdbc.sql("SELECT action FROM audit_event WHERE target_id = ? ORDER BY id")
			.param(hostId.toString())
			.query(String.class)
			.list();
	}

}
