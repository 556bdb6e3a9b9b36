package dev.kfleet.tokens;

import java.net.URI;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.hibernate.validator.constraints.CodePointLength;
import org.jspecify.annotations.Nullable;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.kfleet.platform.ApiPrincipal;
import dev.kfleet.platform.AuditedOperation;
import dev.kfleet.platform.IssuedSecret;
import dev.kfleet.platform.NoControlCharacters;
import dev.kfleet.platform.PageResponse;
import dev.kfleet.platform.Paging;
import dev.kfleet.platform.QueryParameters;
import dev.kfleet.platform.Role;

/**
 * {@code /api/v1/tokens}: admins manage the API tokens.
 */
@RestController
@RequestMapping(path = "/api/v1/tokens", produces = MediaType.APPLICATION_JSON_VALUE)
class ApiTokenController {

	private final ApiTokenService tokens;

	private final Paging paging;

	ApiTokenController(ApiTokenService tokens, Paging paging) {
		this.tokens = tokens;
		this.paging = paging;
	}

	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	@AuditedOperation(action = "api-token.created", targetType = "api-token")
	@PreAuthorize("hasRole('ADMIN')")
	ResponseEntity<CreatedApiTokenResponse> create(@Valid @RequestBody CreateApiTokenRequest request,
			@AuthenticationPrincipal ApiPrincipal caller) {
		ApiTokenService.CreatedToken created = this.tokens.create(request.name(),
				Role.valueOf(request.role().toUpperCase(Locale.ROOT)), request.expiresAt(), caller);
		ApiTokenResponse token = ApiTokenResponse.of(created.token(), this.tokens.now());
		return ResponseEntity.created(URI.create("/api/v1/tokens/" + token.id()))
			.body(new CreatedApiTokenResponse(token, created.secret()));
	}

	@GetMapping
	@PreAuthorize("hasRole('ADMIN')")
	PageResponse<ApiTokenResponse> list(@RequestParam(required = false) @Nullable Integer limit,
			@RequestParam(required = false) @Nullable String cursor, QueryParameters parameters) {
		parameters.allowOnly("limit", "cursor");
		Instant now = this.tokens.now();
		return this.tokens.list(cursor, this.paging.limit(limit)).map((token) -> ApiTokenResponse.of(token, now));
	}

	@GetMapping("/{id}")
	@PreAuthorize("hasRole('ADMIN')")
	ApiTokenResponse get(@PathVariable UUID id) {
		return ApiTokenResponse.of(this.tokens.get(id), this.tokens.now());
	}

	@DeleteMapping("/{id}")
	@AuditedOperation(action = "api-token.revoked", targetType = "api-token", targetIdVariable = "id")
	@PreAuthorize("hasRole('ADMIN')")
	ApiTokenResponse revoke(@PathVariable UUID id, @AuthenticationPrincipal ApiPrincipal caller) {
		return ApiTokenResponse.of(this.tokens.revoke(id, caller), this.tokens.now());
	}

	record CreateApiTokenRequest(@NotBlank @CodePointLength(max = 100) @NoControlCharacters String name,
			@NotNull @Pattern(regexp = "viewer|operator|admin",
					message = "must be one of viewer, operator, admin") String role,
			@Nullable Instant expiresAt) {
	}

	record ApiTokenResponse(UUID id, String name, String role, String hint, String state, Instant createdAt,
			String createdBy, @Nullable Instant expiresAt, @Nullable Instant revokedAt, @Nullable Instant lastUsedAt) {

		static ApiTokenResponse of(ApiToken token, Instant now) {
			IssuedSecret s = token.secret();
			return new ApiTokenResponse(s.id(), s.name(), token.role().name().toLowerCase(Locale.ROOT), s.hint(),
					s.state(now), s.createdAt(), s.createdBy(), s.expiresAt(), s.revokedAt(), s.lastUsedAt());
		}

	}

	record CreatedApiTokenResponse(ApiTokenResponse token, String secret) {
	}

}
