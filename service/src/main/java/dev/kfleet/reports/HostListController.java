package dev.kfleet.reports;

import java.time.Instant;
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

import dev.kfleet.hosts.Host;
import dev.kfleet.hosts.LabelSelector;
import dev.kfleet.observations.ObservationService;
import dev.kfleet.platform.Cursors;
import dev.kfleet.platform.PageResponse;
import dev.kfleet.platform.Paging;
import dev.kfleet.platform.QueryParameters;

/**
 * {@code GET /api/v1/hosts}: the host list, filtered by labels and facts (the inventory)
 * and by what the hosts' agents report (observations), a page at a time. It lives on the
 * read side because its one query joins both modules' tables (ADR 0002); the rest of
 * {@code /api/v1/hosts} is the hosts module's.
 */
@RestController
@RequestMapping(path = "/api/v1/hosts", produces = MediaType.APPLICATION_JSON_VALUE)
class HostListController {

	static final String CURSOR_KIND = "hosts";

	private final HostListRepository hosts;

	private final HostViews views;

	private final ObservationService observations;

	private final Paging paging;

	HostListController(HostListRepository hosts, HostViews views, ObservationService observations, Paging paging) {
		this.hosts = hosts;
		this.views = views;
		this.observations = observations;
		this.paging = paging;
	}

	@GetMapping
	@PreAuthorize("hasRole('VIEWER')")
	PageResponse<HostViews.HostResponse> list(
			@RequestParam(required = false) @Nullable @CodePointLength(max = 4096) String selector,
			@RequestParam(required = false) @Nullable @CodePointLength(max = 128) String kernelReleasePrefix,
			@RequestParam(required = false) @Nullable @CodePointLength(max = 253) String hostnameContains,
			@RequestParam(required = false) @Nullable Instant lastSeenBefore,
			@RequestParam(required = false) @Nullable Instant lastSeenAfter,
			@RequestParam(defaultValue = "false") boolean includeDecommissioned,
			@RequestParam(required = false) @Nullable @Pattern(regexp = "on|off|unsupported|unknown",
					message = "must be one of on, off, unsupported, unknown") String hvo,
			@RequestParam(required = false) @Nullable Boolean vduseDevices,
			@RequestParam(required = false) @Nullable Boolean stale,
			@RequestParam(required = false) @Nullable Boolean drifted,
			@RequestParam(required = false) @Nullable Integer limit,
			@RequestParam(required = false) @Nullable String cursor, QueryParameters parameters) {
		parameters.allowOnly("selector", "kernelReleasePrefix", "hostnameContains", "lastSeenBefore", "lastSeenAfter",
				"includeDecommissioned", "hvo", "vduseDevices", "stale", "drifted", "limit", "cursor");
		HostFilter filter = new HostFilter(
				(selector != null) ? LabelSelector.parse(selector) : LabelSelector.EVERYTHING, kernelReleasePrefix,
				hostnameContains, lastSeenBefore, lastSeenAfter, includeDecommissioned, hvo, vduseDevices, stale,
				this.observations.staleBefore(), drifted);
		int size = this.paging.limit(limit);
		UUID after = Cursors.decodeId(CURSOR_KIND, cursor);
		List<Host> rows = this.hosts.search(filter, after, size + 1);
		PageResponse<Host> page = PageResponse.of(rows, size, CURSOR_KIND, (host) -> host.id().toString());
		return new PageResponse<>(this.views.of(page.items()), page.nextCursor());
	}

}
