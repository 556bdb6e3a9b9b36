package dev.kfleet.hosts;

import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import org.hibernate.validator.constraints.CodePointLength;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.kfleet.hosts.HostFacts.Hostname;
import dev.kfleet.hosts.HostFacts.KernelRelease;
import dev.kfleet.hosts.HostFacts.MachineId;
import dev.kfleet.platform.ApiPrincipal;
import dev.kfleet.platform.PageResponse;
import dev.kfleet.platform.Paging;
import dev.kfleet.platform.QueryParameters;

/**
 * {@code /api/v1/hosts}: the host inventory.
 */
@RestController
@RequestMapping(path = "/api/v1/hosts", produces = MediaType.APPLICATION_JSON_VALUE)
class HostController {

	static final String MERGE_PATCH_JSON = "application/merge-patch+json";

	private final HostService hosts;

	private final HostViews views;

	private final Paging paging;

	HostController(HostService hosts, HostViews views, Paging paging) {
		this.hosts = hosts;
		this.views = views;
		this.paging = paging;
	}

	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	@PreAuthorize("hasRole('ADMIN')")
	ResponseEntity<HostViews.HostResponse> register(@Valid @RequestBody RegisterHostRequest request,
			@AuthenticationPrincipal ApiPrincipal caller) {
		HostService.Registration registration = this.hosts.register(request.machineId(), request.hostname(),
				request.kernelRelease(), (request.labels() != null) ? request.labels() : Map.of(), caller);
		Host host = registration.host();
		ResponseEntity.BodyBuilder response = registration.created()
				? ResponseEntity.created(URI.create("/api/v1/hosts/" + host.id())) : ResponseEntity.ok();
		return response.eTag(host.etag()).body(this.views.of(host));
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
			@RequestParam(required = false) @Nullable Integer limit,
			@RequestParam(required = false) @Nullable String cursor, QueryParameters parameters) {
		parameters.allowOnly("selector", "kernelReleasePrefix", "hostnameContains", "lastSeenBefore", "lastSeenAfter",
				"includeDecommissioned", "hvo", "vduseDevices", "stale", "limit", "cursor");
		HostFilter filter = new HostFilter(
				(selector != null) ? LabelSelector.parse(selector) : LabelSelector.EVERYTHING, kernelReleasePrefix,
				hostnameContains, lastSeenBefore, lastSeenAfter, includeDecommissioned, hvo, vduseDevices, stale,
				this.hosts.staleBefore());
		PageResponse<Host> page = this.hosts.list(filter, cursor, this.paging.limit(limit));
		return new PageResponse<>(this.views.of(page.items()), page.nextCursor());
	}

	@GetMapping("/{id}")
	@PreAuthorize("hasRole('VIEWER')")
	ResponseEntity<HostViews.HostResponse> get(@PathVariable UUID id) {
		Host host = this.hosts.get(id);
		return ResponseEntity.ok().eTag(host.etag()).body(this.views.of(host));
	}

	@PatchMapping(path = "/{id}", consumes = MERGE_PATCH_JSON)
	@PreAuthorize("hasRole('ADMIN')")
	ResponseEntity<HostViews.HostResponse> patch(@PathVariable UUID id, @RequestBody JsonNode patch,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
			@AuthenticationPrincipal ApiPrincipal caller) {
		Host host = this.hosts.patchLabels(id, LabelPatch.from(patch), ifMatch, caller);
		return ResponseEntity.ok().eTag(host.etag()).body(this.views.of(host));
	}

	@DeleteMapping("/{id}")
	@PreAuthorize("hasRole('ADMIN')")
	HostViews.HostResponse decommission(@PathVariable UUID id, @AuthenticationPrincipal ApiPrincipal caller) {
		return this.views.of(this.hosts.decommission(id, caller));
	}

	/**
	 * The body of {@code POST /api/v1/hosts}.
	 *
	 * @param machineId the machine's id
	 * @param hostname the host name
	 * @param kernelRelease the running kernel's release
	 * @param labels labels for a new host (ignored when the host exists)
	 */
	record RegisterHostRequest(@MachineId String machineId, @Hostname String hostname,
			@Nullable @KernelRelease String kernelRelease, @Nullable @ValidLabels Map<String, String> labels) {
	}

}
