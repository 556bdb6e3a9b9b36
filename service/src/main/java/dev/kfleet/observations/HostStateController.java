package dev.kfleet.observations;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.kfleet.hosts.HostService;
import dev.kfleet.platform.ApiException;
import dev.kfleet.platform.ApiPrincipal;
import dev.kfleet.platform.Cursors;
import dev.kfleet.platform.PageResponse;
import dev.kfleet.platform.Paging;
import dev.kfleet.platform.QueryParameters;

/**
 * What a host's agent reported: the latest report, the history of changes and the VDUSE
 * devices. Read-only, so it reads the repositories directly. Command lines are for
 * operators and admins ({@link CommandLines}).
 */
@RestController
@RequestMapping(path = "/api/v1/hosts/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
class HostStateController {

	private static final String HISTORY = "history";

	private static final String DEVICES = "vduse-devices";

	private final HostService hosts;

	private final ObservedStateRepository states;

	private final HostHistoryRepository history;

	private final Paging paging;

	private final JsonMapper json;

	HostStateController(HostService hosts, ObservedStateRepository states, HostHistoryRepository history, Paging paging,
			JsonMapper json) {
		this.hosts = hosts;
		this.states = states;
		this.history = history;
		this.paging = paging;
		this.json = json;
	}

	@GetMapping("/report")
	@PreAuthorize("hasRole('VIEWER')")
	@Transactional(readOnly = true)
	LatestReport report(@PathVariable UUID id, @AuthenticationPrincipal ApiPrincipal caller) {
		this.hosts.requireExists(id);
		ObservedStateRepository.StoredReport stored = this.states.findReport(id)
			.orElseThrow(() -> ApiException.notFound("report of host", id));
		JsonNode report = this.json.readTree(stored.reportJson());
		return new LatestReport(stored.receivedAt(), stored.sequence(), stored.agentVersion(), stored.reportHash(),
				CommandLines.visibleTo(caller) ? report : CommandLines.hiddenIn(report));
	}

	@GetMapping("/history")
	@PreAuthorize("hasRole('VIEWER')")
	@Transactional(readOnly = true)
	PageResponse<HostChange> history(@PathVariable UUID id, @RequestParam(required = false) @Nullable Integer limit,
			@RequestParam(required = false) @Nullable String cursor, QueryParameters parameters) {
		parameters.allowOnly("limit", "cursor");
		this.hosts.requireExists(id);
		int size = this.paging.limit(limit);
		List<HostChange> rows = this.history.page(id, Cursors.decode(HISTORY, cursor, Long::valueOf), size + 1);
		return PageResponse.of(rows, size, HISTORY, (change) -> Long.toString(change.id()));
	}

	@GetMapping("/vduse-devices")
	@PreAuthorize("hasRole('VIEWER')")
	@Transactional(readOnly = true)
	PageResponse<DeviceResponse> devices(@PathVariable UUID id, @RequestParam(required = false) @Nullable Integer limit,
			@RequestParam(required = false) @Nullable String cursor, QueryParameters parameters,
			@AuthenticationPrincipal ApiPrincipal caller) {
		parameters.allowOnly("limit", "cursor");
		this.hosts.requireExists(id);
		int size = this.paging.limit(limit);
		String after = Cursors.decode(DEVICES, cursor);
		return PageResponse
			.of(this.states.pageDevices(id, after, size + 1), size, DEVICES, (device) -> device.device().name())
			.map((device) -> DeviceResponse.of(device, CommandLines.visibleTo(caller)));
	}

	record LatestReport(Instant receivedAt, long sequence, String agentVersion, String reportHash, JsonNode report) {
	}

	record DeviceResponse(String name, @Nullable Boolean attached, @Nullable String driver, @Nullable String type,
			@Nullable Integer queueCount, String health, String healthReason, @Nullable Integer backendPid,
			@Nullable String backendCommand, @Nullable String consumer, @Nullable String consumerKind,
			@Nullable Boolean backendGone, Instant reportedAt) {

		/** The device; of its back end's command only the program's name unless shown. */
		static DeviceResponse of(ObservedStateRepository.ReportedDevice reported, boolean commandShown) {
			VduseDeviceState d = reported.device();
			String command = commandShown ? d.backendCommand() : CommandLines.programName(d.backendCommand());
			return new DeviceResponse(d.name(), d.attached(), d.driver(), d.type(), d.queueCount(), d.health(),
					d.healthReason(), d.backendPid(), command, d.consumer(), d.consumerKind(), d.backendGone(),
					reported.reportedAt());
		}

	}

}
