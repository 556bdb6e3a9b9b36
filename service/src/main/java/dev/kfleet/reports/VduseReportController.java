package dev.kfleet.reports;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import jakarta.validation.constraints.Pattern;
import org.hibernate.validator.constraints.CodePointLength;
import org.jspecify.annotations.Nullable;

import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.kfleet.hosts.LabelSelector;
import dev.kfleet.platform.Cursors;
import dev.kfleet.platform.PageResponse;
import dev.kfleet.platform.Paging;
import dev.kfleet.platform.QueryParameters;

/**
 * {@code GET /api/v1/reports/vduse}: which hosts can run VDUSE and why not, the modules,
 * the devices by type, driver, consumer kind and health; and the devices in trouble
 * (orphaned: their back end is gone; unhealthy) with their hosts, a page at a time (ADR
 * 0041). The whole fleet's report is the one the fleet job stored; a selector makes it
 * computed on request by the same code.
 */
@RestController
@RequestMapping(path = "/api/v1/reports/vduse", produces = MediaType.APPLICATION_JSON_VALUE)
class VduseReportController {

	static final String DEVICES = "vduse-problem-devices";

	private final FleetReports reports;

	private final FleetReportRepository stored;

	private final VduseAggregates vduse;

	private final Paging paging;

	private final Clock clock;

	VduseReportController(FleetReports reports, FleetReportRepository stored, VduseAggregates vduse, Paging paging,
			Clock clock) {
		this.reports = reports;
		this.stored = stored;
		this.vduse = vduse;
		this.paging = paging;
		this.clock = clock;
	}

	@GetMapping
	@PreAuthorize("hasRole('VIEWER')")
	VduseFleetReport report(@RequestParam(required = false) @Nullable @CodePointLength(max = 4096) String selector,
			QueryParameters parameters) {
		parameters.allowOnly("selector");
		HostScope scope = new HostScope((selector != null) ? LabelSelector.parse(selector) : LabelSelector.EVERYTHING);
		Optional<FleetReport> fleet = scope.isFleet() ? this.stored.find() : Optional.empty();
		if (fleet.isPresent()) {
			return new VduseFleetReport(fleet.get().computedAt(), null, fleet.get().vduse());
		}
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MICROS);
		return new VduseFleetReport(now, selector, this.reports.inSnapshot(() -> this.vduse.summary(scope)));
	}

	@GetMapping("/devices")
	@PreAuthorize("hasRole('VIEWER')")
	PageResponse<VduseAggregates.VduseProblemDevice> devices(
			@RequestParam(required = false) @Nullable @CodePointLength(max = 4096) String selector,
			@RequestParam(required = false) @Nullable @Pattern(regexp = "orphaned|unhealthy",
					message = "must be one of orphaned, unhealthy") String problem,
			@RequestParam(required = false) @Nullable Integer limit,
			@RequestParam(required = false) @Nullable String cursor, QueryParameters parameters) {
		parameters.allowOnly("selector", "problem", "limit", "cursor");
		HostScope scope = new HostScope((selector != null) ? LabelSelector.parse(selector) : LabelSelector.EVERYTHING);
		int size = this.paging.limit(limit);
		VduseAggregates.DeviceKey after = Cursors.decode(DEVICES, cursor, VduseAggregates.DeviceKey::decode);
		List<VduseAggregates.VduseProblemDevice> rows = this.vduse.problemDevices(scope, problem, after, size + 1);
		return PageResponse.of(rows, size, DEVICES,
				(device) -> new VduseAggregates.DeviceKey(device.hostId(), device.name()).encoded());
	}

	/**
	 * The VDUSE report.
	 *
	 * @param computedAt when its figures were computed
	 * @param selector the label selector that narrowed it, if any
	 * @param report the figures
	 */
	record VduseFleetReport(Instant computedAt, @Nullable String selector, VduseSummary report) {
	}

}
