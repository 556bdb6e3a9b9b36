package dev.kfleet.agents;

import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
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

import dev.kfleet.hosts.ValidLabels;
import dev.kfleet.platform.ApiPrincipal;
import dev.kfleet.platform.AuditedOperation;
import dev.kfleet.platform.IssuedSecret;
import dev.kfleet.platform.NoControlCharacters;
import dev.kfleet.platform.PageResponse;
import dev.kfleet.platform.Paging;
import dev.kfleet.platform.QueryParameters;

/**
 * {@code /api/v1/enrollment-secrets}: admins manage the secrets agents enroll with.
 */
@RestController
@RequestMapping(path = "/api/v1/enrollment-secrets", produces = MediaType.APPLICATION_JSON_VALUE)
class EnrollmentSecretController {

	private final EnrollmentSecretService secrets;

	private final Paging paging;

	EnrollmentSecretController(EnrollmentSecretService secrets, Paging paging) {
		this.secrets = secrets;
		this.paging = paging;
	}

	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	@AuditedOperation(action = "enrollment-secret.created", targetType = "enrollment-secret")
	@PreAuthorize("hasRole('ADMIN')")
	ResponseEntity<CreatedEnrollmentSecret> create(@Valid @RequestBody CreateEnrollmentSecretRequest request,
			@AuthenticationPrincipal ApiPrincipal caller) {
		EnrollmentSecretService.Created created = this.secrets.create(request.name(), request.expiresAt(),
				request.maxUses(), (request.labels() != null) ? request.labels() : Map.of(), caller);
		EnrollmentSecretResponse secret = EnrollmentSecretResponse.of(created.secret(), this.secrets.now());
		return ResponseEntity.created(URI.create("/api/v1/enrollment-secrets/" + secret.id()))
			.body(new CreatedEnrollmentSecret(secret, created.value()));
	}

	@GetMapping
	@PreAuthorize("hasRole('ADMIN')")
	PageResponse<EnrollmentSecretResponse> list(@RequestParam(required = false) @Nullable Integer limit,
			@RequestParam(required = false) @Nullable String cursor, QueryParameters parameters) {
		parameters.allowOnly("limit", "cursor");
		Instant now = this.secrets.now();
		return this.secrets.list(cursor, this.paging.limit(limit))
			.map((secret) -> EnrollmentSecretResponse.of(secret, now));
	}

	@GetMapping("/{id}")
	@PreAuthorize("hasRole('ADMIN')")
	EnrollmentSecretResponse get(@PathVariable UUID id) {
		return EnrollmentSecretResponse.of(this.secrets.get(id), this.secrets.now());
	}

	@DeleteMapping("/{id}")
	@AuditedOperation(action = "enrollment-secret.revoked", targetType = "enrollment-secret", targetIdVariable = "id")
	@PreAuthorize("hasRole('ADMIN')")
	EnrollmentSecretResponse revoke(@PathVariable UUID id,
			@RequestParam(defaultValue = "false") boolean revokeHostTokens, QueryParameters parameters,
			@AuthenticationPrincipal ApiPrincipal caller) {
		parameters.allowOnly("revokeHostTokens");
		return EnrollmentSecretResponse.of(this.secrets.revoke(id, revokeHostTokens, caller), this.secrets.now());
	}

	record CreateEnrollmentSecretRequest(@NotBlank @CodePointLength(max = 100) @NoControlCharacters String name,
			@Nullable Instant expiresAt, @Nullable @Min(1) @Max(1_000_000) Long maxUses,
			@Nullable @ValidLabels Map<String, String> labels) {
	}

	record EnrollmentSecretResponse(UUID id, String name, String hint, String state, Instant createdAt,
			String createdBy, @Nullable Instant expiresAt, @Nullable Instant revokedAt, @Nullable Instant lastUsedAt,
			long enrollments, @Nullable Long maxUses, Map<String, String> labels, long hostTokens) {

		static EnrollmentSecretResponse of(EnrollmentSecret secret, Instant now) {
			IssuedSecret s = secret.secret();
			return new EnrollmentSecretResponse(s.id(), s.name(), s.hint(), secret.state(now), s.createdAt(),
					s.createdBy(), s.expiresAt(), s.revokedAt(), s.lastUsedAt(), secret.enrollments(), secret.maxUses(),
					new TreeMap<>(secret.labels()), secret.hostTokens());
		}

	}

	record CreatedEnrollmentSecret(EnrollmentSecretResponse secret, String value) {
	}

}
