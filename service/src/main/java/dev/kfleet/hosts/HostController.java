package dev.kfleet.hosts;

import java.net.URI;
import java.util.Map;
import java.util.UUID;

import jakarta.validation.Valid;
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
import org.springframework.web.bind.annotation.RestController;

import dev.kfleet.hosts.HostFacts.Hostname;
import dev.kfleet.hosts.HostFacts.KernelRelease;
import dev.kfleet.hosts.HostFacts.MachineId;
import dev.kfleet.platform.ApiPrincipal;
import dev.kfleet.platform.AuditedOperation;

/**
 * {@code /api/v1/hosts}: the host inventory (registering, reading, relabelling and
 * decommissioning a host). The filtered list, which selects hosts by what their agents
 * report too, is the read side's ({@code reports.HostListController}, ADR 0002).
 */
@RestController
@RequestMapping(path = "/api/v1/hosts", produces = MediaType.APPLICATION_JSON_VALUE)
class HostController {

	static final String MERGE_PATCH_JSON = "application/merge-patch+json";

	private final HostService hosts;

	private final HostRepresentation views;

	HostController(HostService hosts, HostRepresentation views) {
		this.hosts = hosts;
		this.views = views;
	}

	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	@AuditedOperation(action = "host.registered", targetType = "host")
	@PreAuthorize("hasRole('ADMIN')")
	ResponseEntity<Object> register(@Valid @RequestBody RegisterHostRequest request,
			@AuthenticationPrincipal ApiPrincipal caller) {
		HostService.Registration registration = this.hosts.register(request.machineId(), request.hostname(),
				request.kernelRelease(), (request.labels() != null) ? request.labels() : Map.of(), caller);
		Host host = registration.host();
		ResponseEntity.BodyBuilder response = registration.created()
				? ResponseEntity.created(URI.create("/api/v1/hosts/" + host.id())) : ResponseEntity.ok();
		return response.eTag(host.etag()).body(this.views.of(host));
	}

	@GetMapping("/{id}")
	@PreAuthorize("hasRole('VIEWER')")
	ResponseEntity<Object> get(@PathVariable UUID id) {
		Host host = this.hosts.get(id);
		return ResponseEntity.ok().eTag(host.etag()).body(this.views.of(host));
	}

	@PatchMapping(path = "/{id}", consumes = MERGE_PATCH_JSON)
	@AuditedOperation(action = "host.relabelled", targetType = "host", targetIdVariable = "id")
	@PreAuthorize("hasRole('ADMIN')")
	ResponseEntity<Object> patch(@PathVariable UUID id, @RequestBody JsonNode patch,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) @Nullable String ifMatch,
			@AuthenticationPrincipal ApiPrincipal caller) {
		Host host = this.hosts.patchLabels(id, LabelPatch.from(patch), ifMatch, caller);
		return ResponseEntity.ok().eTag(host.etag()).body(this.views.of(host));
	}

	@DeleteMapping("/{id}")
	@AuditedOperation(action = "host.decommissioned", targetType = "host", targetIdVariable = "id")
	@PreAuthorize("hasRole('ADMIN')")
	Object decommission(@PathVariable UUID id, @AuthenticationPrincipal ApiPrincipal caller) {
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
