package dev.kfleet.desiredstate;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.hibernate.validator.constraints.CodePointLength;
import org.jspecify.annotations.Nullable;

import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.kfleet.platform.ApiPrincipal;

/**
 * {@code /api/v1/hosts/{id}/desired-state}: what a host's agent should apply.
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

	@PutMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	@PreAuthorize("hasRole('OPERATOR')")
	HostDesiredState set(@PathVariable UUID id, @Valid @RequestBody SetDesiredStateRequest request,
			@AuthenticationPrincipal ApiPrincipal caller) {
		List<DesiredStateService.ActionRequest> actions = request.actions()
			.stream()
			.map((action) -> new DesiredStateService.ActionRequest(action.type(),
					(action.parameters() != null) ? action.parameters() : Map.of()))
			.toList();
		return HostDesiredState.of(this.desiredStates.set(id, actions, caller));
	}

	record SetDesiredStateRequest(@NotNull @Size(max = 16) List<@Valid @NotNull ActionRequestBody> actions) {
	}

	record ActionRequestBody(@NotBlank @CodePointLength(max = 64) String type,
			@Nullable Map<String, Object> parameters) {
	}

	record HostDesiredState(UUID hostId, long version, List<Action> actions, @Nullable Instant updatedAt,
			@Nullable String updatedBy, List<ReportedActionResult> results) {

		static HostDesiredState of(DesiredStateService.View view) {
			return new HostDesiredState(view.hostId(), view.state().version(), view.state().actions(), view.updatedAt(),
					view.updatedBy(),
					view.results().stream().map((r) -> new ReportedActionResult(r.result(), r.reportedAt())).toList());
		}

	}

	record ReportedActionResult(ActionResult result, Instant reportedAt) {
	}

}
