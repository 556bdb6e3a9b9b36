package dev.kfleet.agents;

import java.net.URI;
import java.time.Instant;
import java.util.UUID;

import jakarta.validation.Valid;
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

import dev.kfleet.platform.ApiPrincipal;
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
	@PreAuthorize("hasRole('ADMIN')")
	ResponseEntity<CreatedEnrollmentSecret> create(@Valid @RequestBody CreateEnrollmentSecretRequest request,
			@AuthenticationPrincipal ApiPrincipal caller) {
		IssuedSecret.Issued issued = this.secrets.create(request.name(), request.expiresAt(), caller.name());
		EnrollmentSecretResponse secret = EnrollmentSecretResponse.of(new EnrollmentSecret(issued.stored(), 0),
				this.secrets.now());
		return ResponseEntity.created(URI.create("/api/v1/enrollment-secrets/" + secret.id()))
			.body(new CreatedEnrollmentSecret(secret, issued.secret()));
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
	@PreAuthorize("hasRole('ADMIN')")
	EnrollmentSecretResponse revoke(@PathVariable UUID id, @AuthenticationPrincipal ApiPrincipal caller) {
		return EnrollmentSecretResponse.of(this.secrets.revoke(id, caller.name()), this.secrets.now());
	}

	record CreateEnrollmentSecretRequest(@NotBlank @CodePointLength(max = 100) @NoControlCharacters String name,
			@Nullable Instant expiresAt) {
	}

	record EnrollmentSecretResponse(UUID id, String name, String hint, String state, Instant createdAt,
			String createdBy, @Nullable Instant expiresAt, @Nullable Instant revokedAt, @Nullable Instant lastUsedAt,
			long enrollments) {

		static EnrollmentSecretResponse of(EnrollmentSecret secret, Instant now) {
			IssuedSecret s = secret.secret();
			return new EnrollmentSecretResponse(s.id(), s.name(), s.hint(), s.state(now), s.createdAt(), s.createdBy(),
					s.expiresAt(), s.revokedAt(), s.lastUsedAt(), secret.enrollments());
		}

	}

	record CreatedEnrollmentSecret(EnrollmentSecretResponse secret, String value) {
	}

}
