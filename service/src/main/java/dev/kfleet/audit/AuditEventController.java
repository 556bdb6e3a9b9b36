package dev.kfleet.audit;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import jakarta.validation.constraints.Pattern;
import org.hibernate.validator.constraints.CodePointLength;
import org.jspecify.annotations.Nullable;

import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.kfleet.platform.ApiException;
import dev.kfleet.platform.Cursors;
import dev.kfleet.platform.Instants;
import dev.kfleet.platform.NoControlCharacters;
import dev.kfleet.platform.PageResponse;
import dev.kfleet.platform.Paging;
import dev.kfleet.platform.QueryParameters;

/**
 * {@code /api/v1/audit-events}: admins read the audit log, newest first, filtered by
 * actor, action, target, outcome and time. Read-only, so it reads the repository
 * directly; nothing in the API changes or deletes an event (ADR 0040).
 */
@RestController
@RequestMapping(path = "/api/v1/audit-events", produces = MediaType.APPLICATION_JSON_VALUE)
class AuditEventController {

	private static final String CURSOR_KIND = "audit-events";

	private static final String GROUP_SUFFIX = ".*";

	private final AuditEventRepository events;

	private final Paging paging;

	AuditEventController(AuditEventRepository events, Paging paging) {
		this.events = events;
		this.paging = paging;
	}

	@GetMapping
	@PreAuthorize("hasRole('ADMIN')")
	PageResponse<AuditEvent> list(
			@RequestParam(required = false) @Nullable @CodePointLength(min = 1,
					max = 100) @NoControlCharacters String actor,
			@RequestParam(required = false) @Nullable @Pattern(
					regexp = "api-token|bootstrap-token|enrollment-secret|host-token|service",
					message = "must be one of api-token, bootstrap-token, enrollment-secret, host-token, service") String actorKind,
			@RequestParam(required = false) @Nullable @CodePointLength(max = 64) @Pattern(
					regexp = "[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)+|[a-z][a-z0-9-]*\\.\\*",
					message = "must be an action such as host.decommissioned, or a group such as host.*") String action,
			@RequestParam(required = false) @Nullable @CodePointLength(max = 64) @Pattern(regexp = "[a-z][a-z0-9-]*",
					message = "must be a target type such as host") String targetType,
			@RequestParam(required = false) @Nullable @CodePointLength(min = 1,
					max = 128) @NoControlCharacters String targetId,
			@RequestParam(required = false) @Nullable @Pattern(regexp = "succeeded|refused",
					message = "must be one of succeeded, refused") String outcome,
			@RequestParam(required = false) @Nullable Instant from,
			@RequestParam(required = false) @Nullable Instant to,
			@RequestParam(required = false) @Nullable Integer limit,
			@RequestParam(required = false) @Nullable String cursor, QueryParameters parameters) {
		parameters.allowOnly("actor", "actorKind", "action", "targetType", "targetId", "outcome", "from", "to", "limit",
				"cursor");
		if (from != null && to != null && from.isAfter(to)) {
			throw ApiException.invalid("from", "must not be after to");
		}
		boolean group = action != null && action.endsWith(GROUP_SUFFIX);
		String actorId = (actor != null) ? credentialId(actor) : null;
		AuditEventFilter filter = new AuditEventFilter(actorId, (actorId != null) ? null : actor, actorKind,
				group ? null : action, group ? action.substring(0, action.length() - GROUP_SUFFIX.length()) : null,
				targetType, targetId, outcome, from, to);
		int size = this.paging.limit(limit);
		AuditEventRepository.Position after = Cursors.decode(CURSOR_KIND, cursor, AuditEventController::position);
		List<AuditEvent> rows = this.events.page(filter, after, size + 1);
		return PageResponse.of(rows, size, CURSOR_KIND, AuditEventController::cursorKey);
	}

	@GetMapping("/{id}")
	@PreAuthorize("hasRole('ADMIN')")
	AuditEvent get(@PathVariable long id) {
		return this.events.findById(id).orElseThrow(() -> ApiException.notFound("audit event", id));
	}

	/**
	 * The credential id an actor given as a UUID names, or {@code null} when the actor is
	 * given by name.
	 */
	private static @Nullable String credentialId(String actor) {
		try {
			String id = UUID.fromString(actor).toString();
			return id.equalsIgnoreCase(actor) ? id : null;
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	private static String cursorKey(AuditEvent event) {
		Instant at = event.at();
		return ChronoUnit.MICROS.between(Instant.EPOCH, at) + ":" + event.id();
	}

	private static AuditEventRepository.Position position(String key) {
		int colon = key.indexOf(':');
		if (colon < 0) {
			throw new IllegalArgumentException("No position: " + key);
		}
		long micros = Long.parseLong(key.substring(0, colon));
		if (micros < 0 || micros > ChronoUnit.MICROS.between(Instants.MIN, Instants.MAX)) {
			throw new IllegalArgumentException("Out of range: " + key);
		}
		return new AuditEventRepository.Position(Instant.EPOCH.plus(micros, ChronoUnit.MICROS),
				Long.parseLong(key.substring(colon + 1)));
	}

}
