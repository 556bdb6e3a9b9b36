package dev.kfleet.agents;

import java.util.UUID;

import jakarta.validation.constraints.Pattern;
import org.jspecify.annotations.Nullable;

import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.kfleet.platform.ApiPrincipal;
import dev.kfleet.platform.AuditedOperation;
import dev.kfleet.platform.PageResponse;
import dev.kfleet.platform.Paging;
import dev.kfleet.platform.QueryParameters;

/**
 * {@code /api/v1/enrollment-requests}: operators see the enrollment attempts that need
 * their approval, and approve or reject them (ADR 0025).
 */
@RestController
@RequestMapping(path = "/api/v1/enrollment-requests", produces = MediaType.APPLICATION_JSON_VALUE)
class EnrollmentRequestController {

	private final EnrollmentRequestService requests;

	private final Paging paging;

	EnrollmentRequestController(EnrollmentRequestService requests, Paging paging) {
		this.requests = requests;
		this.paging = paging;
	}

	@GetMapping
	@PreAuthorize("hasRole('OPERATOR')")
	PageResponse<EnrollmentRequest> list(
			@RequestParam(required = false) @Nullable @Pattern(regexp = "pending|approved|rejected|completed",
					message = "must be one of pending, approved, rejected, completed") String state,
			@RequestParam(required = false) @Nullable Integer limit,
			@RequestParam(required = false) @Nullable String cursor, QueryParameters parameters) {
		parameters.allowOnly("state", "limit", "cursor");
		return this.requests.list(state, cursor, this.paging.limit(limit));
	}

	@GetMapping("/{id}")
	@PreAuthorize("hasRole('OPERATOR')")
	EnrollmentRequest get(@PathVariable UUID id) {
		return this.requests.get(id);
	}

	@PostMapping("/{id}/approve")
	@AuditedOperation(action = "enrollment-request.approved", targetType = "enrollment-request",
			targetIdVariable = "id")
	@PreAuthorize("hasRole('OPERATOR')")
	EnrollmentRequest approve(@PathVariable UUID id, @AuthenticationPrincipal ApiPrincipal caller) {
		return this.requests.approve(id, caller);
	}

	@PostMapping("/{id}/reject")
	@AuditedOperation(action = "enrollment-request.rejected", targetType = "enrollment-request",
			targetIdVariable = "id")
	@PreAuthorize("hasRole('OPERATOR')")
	EnrollmentRequest reject(@PathVariable UUID id, @AuthenticationPrincipal ApiPrincipal caller) {
		return this.requests.reject(id, caller);
	}

}
