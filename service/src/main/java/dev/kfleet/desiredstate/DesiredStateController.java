package dev.kfleet.desiredstate;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.hibernate.validator.constraints.CodePointLength;
import org.jspecify.annotations.Nullable;

import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.kfleet.platform.ApiException;
import dev.kfleet.platform.ApiPrincipal;
import dev.kfleet.platform.AuditedOperation;
import dev.kfleet.platform.ApiProblem;
import dev.kfleet.platform.Problems;
import dev.kfleet.platform.QueryParameters;

/**
 * {@code /api/v1/hosts/{id}/desired-state}: what a host's agent should apply, and who
 * owns it.
 */
@RestController
@RequestMapping(path = "/api/v1/hosts/{id}/desired-state", produces = MediaType.APPLICATION_JSON_VALUE)
class DesiredStateController {

	private final DesiredStateService desiredStates;

	DesiredStateController(DesiredStateService desiredStates) {
		this.desiredStates = desiredStates;
	}

	@GetMapping
	@PreAuthorize("hasRole('VIEWER')")
	HostDesiredState get(@PathVariable UUID id) {
		return HostDesiredState.of(this.desiredStates.view(id));
	}

	/**
	 * Sets the host's desired state, owned by the caller's token; 409 when its version in
	 * flight is another owner's and {@code force} is not set (ADR 0030).
	 */
	@PutMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	@AuditedOperation(action = "desired-state.set", targetType = "host", targetIdVariable = "id")
	@PreAuthorize("hasRole('OPERATOR')")
	ResponseEntity<?> set(@PathVariable UUID id, @RequestParam(defaultValue = "false") boolean force,
			@Valid @RequestBody SetDesiredStateRequest request, @AuthenticationPrincipal ApiPrincipal caller,
			QueryParameters parameters) {
		parameters.allowOnly("force");
		List<ActionRequest> actions = request.actions()
			.stream()
			.map((action) -> new ActionRequest(action.type(),
					(action.parameters() != null) ? action.parameters() : Map.of()))
			.toList();
		DesiredStateService.Answer answer = this.desiredStates.setOne(id, actions, DesiredStateOwner.of(caller), force);
		return switch (answer.outcome()) {
			case SetOutcome.Written written ->
				ResponseEntity.ok(HostDesiredState.of(Objects.requireNonNull(answer.view())));
			case SetOutcome.InFlight inFlight -> inFlight(inFlight);
			case SetOutcome.HeldByRollout held -> heldByRollout(held);
			case SetOutcome.UnknownHost unknown -> throw ApiException.notFound("host", id);
			case SetOutcome.Decommissioned decommissioned ->
				throw ApiException.conflict("host " + id + " is decommissioned");
		};
	}

	/**
	 * The 409 {@code desired-state-in-flight} problem, naming the owner and the version
	 * in flight so that the caller can decide whether to force it.
	 */
	private static ResponseEntity<ProblemDetail> inFlight(SetOutcome.InFlight refused) {
		OwnedVersion held = refused.held();
		String detail = ("Version %d of host %s's desired state is in flight (its agent has not reported a result "
				+ "for every action yet) and owned by %s; nothing was changed. Retry with force=true to replace it "
				+ "anyway (audited).")
			.formatted(held.version(), refused.hostId(), held.owner());
		ProblemDetail problem = Problems.of(ApiProblem.DESIRED_STATE_IN_FLIGHT, detail);
		problem.setProperty("owner", Owner.of(held.owner()));
		problem.setProperty("version", held.version());
		return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

	/**
	 * The 409 {@code desired-state-held-by-rollout} problem, naming the rollout so that
	 * the caller can decide whether to force it (which fails the host in the rollout).
	 */
	private static ResponseEntity<ProblemDetail> heldByRollout(SetOutcome.HeldByRollout refused) {
		String detail = ("Host %s is held by %s, which sets its desired state; nothing was changed. Retry with "
				+ "force=true to set it anyway: the host then fails in the rollout (audited).")
			.formatted(refused.hostId(), refused.holder());
		ProblemDetail problem = Problems.of(ApiProblem.DESIRED_STATE_HELD_BY_ROLLOUT, detail);
		problem.setProperty("owner", Owner.of(refused.holder()));
		return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

	record SetDesiredStateRequest(@NotNull @Size(max = 16) List<@Valid @NotNull ActionRequestBody> actions) {
	}

	record ActionRequestBody(@NotBlank @CodePointLength(max = 64) String type,
			@Nullable Map<String, Object> parameters) {
	}

	record HostDesiredState(UUID hostId, long version, List<Action> actions, @Nullable Instant updatedAt,
			@Nullable String updatedBy, @Nullable Owner owner, boolean inFlight, List<ReportedActionResult> results) {

		static HostDesiredState of(DesiredStateService.View view) {
			DesiredStateOwner owner = view.owner();
			return new HostDesiredState(view.hostId(), view.state().version(), view.state().actions(), view.updatedAt(),
					(owner != null) ? owner.name() : null, (owner != null) ? Owner.of(owner) : null, view.inFlight(),
					view.results().stream().map((r) -> new ReportedActionResult(r.result(), r.reportedAt())).toList());
		}

	}

	/** {@code DesiredStateOwner} in the contract. */
	record Owner(String kind, @Nullable UUID id, String name) {

		static Owner of(DesiredStateOwner owner) {
			return new Owner(owner.kind().value(), owner.id(), owner.name());
		}

	}

	record ReportedActionResult(ActionResult result, Instant reportedAt) {
	}

}
