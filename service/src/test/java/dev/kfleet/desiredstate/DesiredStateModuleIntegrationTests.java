package dev.kfleet.desiredstate;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.context.annotation.Import;
import org.springframework.modulith.test.ApplicationModuleTest.BootstrapMode;
import org.springframework.transaction.support.TransactionTemplate;

import dev.kfleet.KfleetModuleTest;
import dev.kfleet.StandIns;
import dev.kfleet.hosts.HostService;
import dev.kfleet.platform.ApiException;
import dev.kfleet.platform.ApiPrincipal;
import dev.kfleet.platform.ApiProblem;
import dev.kfleet.platform.Role;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The desiredstate module with the modules it depends on (hosts, audit): what an operator
 * sets for a host is what its agent gets at once, each change a new version, and the
 * results the agent reports are kept with the version they answer.
 */
@KfleetModuleTest(mode = BootstrapMode.DIRECT_DEPENDENCIES)
@Import({ StandIns.NoApiTokens.class, StandIns.InventoryRepresentation.class })
class DesiredStateModuleIntegrationTests {

	static final ApiPrincipal OPERATOR = new ApiPrincipal("module-test-operator", Role.OPERATOR, null);

	static final List<ActionRequest> HVO_ON = List.of(
			new ActionRequest("hvo.set-switch", Map.of("enabled", true, "persist", true)),
			new ActionRequest("hvo.rebuild-free-pages", Map.of()));

	private final DesiredStateService desiredStates;

	private final HostService hosts;

	private final TransactionTemplate transaction;

	DesiredStateModuleIntegrationTests(DesiredStateService desiredStates, HostService hosts,
			TransactionTemplate transaction) {
		this.desiredStates = desiredStates;
		this.hosts = hosts;
		this.transaction = transaction;
	}

	@Test
	void whatIsSetIsWhatTheAgentGetsAndItsResultsAreKeptWithTheirVersion() {
		UUID host = host();
		assertThat(this.desiredStates.currentFor(host)).isEqualTo(DesiredState.NONE);

		this.desiredStates.set(DesiredStateOwner.of(OPERATOR), Map.of(host, HVO_ON.subList(0, 1)), false);
		this.desiredStates.set(DesiredStateOwner.of(OPERATOR), Map.of(host, HVO_ON), false);

		DesiredState current = this.desiredStates.currentFor(host);
		assertThat(current.version()).isEqualTo(2);
		assertThat(current.actions()).extracting(Action::type)
			.containsExactly("hvo.set-switch", "hvo.rebuild-free-pages");
		Instant now = Instant.now();
		this.desiredStates.recordResults(host,
				List.of(new ActionResult(2, "1", "hvo.set-switch", "succeeded", "switched on", now, now, List.of()),
						new ActionResult(1, "1", "hvo.set-switch", "failed", "an older version", now, now, List.of())));
		DesiredStateService.View view = this.desiredStates.view(host);
		assertThat(view.owner()).isEqualTo(DesiredStateOwner.of(OPERATOR));
		assertThat(view.results()).extracting((reported) -> reported.result().outcome()).containsExactly("succeeded");
	}

	@Test
	void theResultsOfManyHostsAreRecordedInOneCallAndEachOnlyOnce() {
		UUID first = host();
		UUID second = host();
		for (UUID host : List.of(first, second)) {
			this.desiredStates.set(DesiredStateOwner.of(OPERATOR),
					Map.of(host, List.of(new ActionRequest("hvo.set-switch", Map.of("enabled", true)))), false);
		}
		Instant now = Instant.now();
		ActionResult sent = new ActionResult(1, "1", "hvo.set-switch", "failed", "busy", now, now, List.of());
		ActionResult retried = new ActionResult(1, "1", "hvo.set-switch", "succeeded", "switched on", now.plusMillis(1),
				now.plusMillis(2), List.of());
		this.desiredStates.recordResults(first, List.of(sent));

		this.desiredStates.recordResults(Map.of(first, List.of(sent, retried, retried), second, List.of(retried)));

		assertThat(this.desiredStates.view(first).results()).extracting((reported) -> reported.result().outcome())
			.containsExactly("succeeded", "failed");
		assertThat(this.desiredStates.view(second).results()).extracting((reported) -> reported.result().detail())
			.containsExactly("switched on");
	}

	@Test
	void theModulesAResultLoadedAreKeptBeforeAndAfter() {
		UUID host = host();
		this.desiredStates.set(DesiredStateOwner.of(OPERATOR),
				Map.of(host, List.of(new ActionRequest("vduse.load-modules", Map.of("persist", true)))), false);
		Instant now = Instant.now();
		List<ActionResult.ModuleChange> modules = List.of(new ActionResult.ModuleChange("vdpa", true, true),
				new ActionResult.ModuleChange("vduse", false, true));
		this.desiredStates.recordResults(host, List
			.of(new ActionResult(1, "1", "vduse.load-modules", "succeeded", "loaded", now, now, List.of(), modules)));
		assertThat(this.desiredStates.view(host).results()).singleElement()
			.satisfies((reported) -> assertThat(reported.result().modules()).isEqualTo(modules));
	}

	@Test
	void anActionTheAgentCannotApplyOrAHostThatDoesNotExistIsRefused() {
		UUID host = host();
		assertThatExceptionOfType(ApiException.class)
			.isThrownBy(() -> this.desiredStates.set(DesiredStateOwner.of(OPERATOR),
					Map.of(host, List.of(new ActionRequest("hvo.overclock", Map.of()))), false))
			.satisfies((ex) -> assertThat(ex.problem()).isEqualTo(ApiProblem.INVALID_REQUEST));
		UUID unknown = UUID.randomUUID();
		assertThat(this.desiredStates.set(DesiredStateOwner.of(OPERATOR), Map.of(unknown, HVO_ON), false))
			.containsEntry(unknown, new SetOutcome.UnknownHost(unknown));
		assertThat(this.desiredStates.currentFor(host)).isEqualTo(DesiredState.NONE);
	}

	private UUID host() {
		return Objects.requireNonNull(this.transaction.execute(
				(status) -> this.hosts.claim("m-" + UUID.randomUUID(), "desired-1", "6.18.44", Map.of()).hostId()));
	}

}
