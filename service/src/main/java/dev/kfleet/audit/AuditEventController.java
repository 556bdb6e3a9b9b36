package dev.kfleet.audit;

import java.util.List;
import java.util.UUID;

import jakarta.validation.constraints.Pattern;
import org.hibernate.validator.constraints.CodePointLength;
import org.jspecify.annotations.Nullable;

import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.kfleet.platform.Cursors;
import dev.kfleet.platform.PageResponse;
import dev.kfleet.platform.Paging;
import dev.kfleet.platform.QueryParameters;

/**
 * {@code /api/v1/audit-events}: admins read the audit log, newest first. Read-only, so it
 * reads the repository directly.
 */
@RestController
@RequestMapping(path = "/api/v1/audit-events", produces = MediaType.APPLICATION_JSON_VALUE)
class AuditEventController {

	private static final String CURSOR_KIND = "audit-events";

	private final AuditEventRepository events;

	private final Paging paging;

	AuditEventController(AuditEventRepository events, Paging paging) {
		this.events = events;
		this.paging = paging;
	}

	@GetMapping
	@PreAuthorize("hasRole('ADMIN')")
	PageResponse<AuditEvent> list(
			@RequestParam(required = false) @Nullable @CodePointLength(max = 64) @Pattern(regexp = "[a-z][a-z0-9.-]*",
					message = "must be an action such as enrollment.refused") String action,
			@RequestParam(required = false) @Nullable UUID targetId,
			@RequestParam(required = false) @Nullable Integer limit,
			@RequestParam(required = false) @Nullable String cursor, QueryParameters parameters) {
		parameters.allowOnly("action", "targetId", "limit", "cursor");
		int size = this.paging.limit(limit);
		Long before = Cursors.decode(CURSOR_KIND, cursor, Long::valueOf);
		List<AuditEvent> rows = this.events.page(action, (targetId != null) ? targetId.toString() : null, before,
				size + 1);
		return PageResponse.of(rows, size, CURSOR_KIND, (event) -> Long.toString(event.id()));
	}

}
