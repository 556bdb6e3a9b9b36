package dev.kfleet.reports;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.hibernate.validator.constraints.CodePointLength;
import org.jspecify.annotations.Nullable;

import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.kfleet.hosts.LabelSelector;
import dev.kfleet.observations.ObservationService;
import dev.kfleet.platform.ApiException;
import dev.kfleet.platform.Cursors;
import dev.kfleet.platform.PageResponse;
import dev.kfleet.platform.Paging;
import dev.kfleet.platform.QueryParameters;

/**
 * {@code GET /api/v1/reports/memory}: how much memory HVO gave back, where, and how much
 * more it can give; and its daily history (ADR 0041, ADR 0042). The whole fleet's report
 * is the one the fleet job stored; a selector, or a grouping the job does not keep, makes
 * it computed on request by the same code.
 */
@RestController
@RequestMapping(path = "/api/v1/reports/memory", produces = MediaType.APPLICATION_JSON_VALUE)
class MemoryReportController {

	static final String GROUPS = "memory-groups";

	static final String HISTORY = "memory-history";

	/** The longest range of days one history request may cover. */
	static final int MAX_DAYS = 1000;

	private final FleetReports reports;

	private final FleetReportRepository stored;

	private final MemoryAggregates memory;

	private final MemoryHistory history;

	private final ObservationService observations;

	private final Paging paging;

	private final Clock clock;

	MemoryReportController(FleetReports reports, FleetReportRepository stored, MemoryAggregates memory,
			MemoryHistory history, ObservationService observations, Paging paging, Clock clock) {
		this.reports = reports;
		this.stored = stored;
		this.memory = memory;
		this.history = history;
		this.observations = observations;
		this.paging = paging;
		this.clock = clock;
	}

	@GetMapping
	@PreAuthorize("hasRole('VIEWER')")
	MemoryReport report(@RequestParam(required = false) @Nullable @CodePointLength(max = 4096) String selector,
			@RequestParam(required = false) @Nullable @CodePointLength(max = 330) String groupBy,
			@RequestParam(required = false) @Nullable Integer limit,
			@RequestParam(required = false) @Nullable String cursor, QueryParameters parameters) {
		parameters.allowOnly("selector", "groupBy", "limit", "cursor");
		HostScope scope = new HostScope((selector != null) ? LabelSelector.parse(selector) : LabelSelector.EVERYTHING);
		Grouping grouping = (groupBy != null) ? Grouping.parse("groupBy", groupBy) : null;
		int size = this.paging.limit(limit);
		if (grouping == null && cursor != null) {
			throw ApiException.invalid("cursor", "only a grouped report has pages");
		}
		String after = (grouping != null) ? after(grouping, cursor) : null;
		Optional<FleetReport> fleet = scope.isFleet() ? this.stored.find() : Optional.empty();
		if (fleet.isPresent() && (grouping == null || fleet.get().groupings().containsKey(grouping.name()))) {
			return fromStored(fleet.get(), grouping, after, size, selector);
		}
		return this.reports.inSnapshot(() -> live(scope, grouping, after, size, selector));
	}

	private static @Nullable String after(Grouping grouping, @Nullable String cursor) {
		if (grouping.isNumeric()) {
			Long key = Cursors.decode(kind(GROUPS, grouping), cursor, Long::valueOf);
			return (key != null) ? key.toString() : null;
		}
		return Cursors.decode(kind(GROUPS, grouping), cursor);
	}

	private MemoryReport fromStored(FleetReport fleet, @Nullable Grouping grouping, @Nullable String after, int size,
			@Nullable String selector) {
		MemoryGroupPage page = null;
		if (grouping != null) {
			FleetReport.StoredGrouping kept = fleet.groupings().get(grouping.name());
			List<MemoryAggregates.Group> rows = kept.groups()
				.stream()
				.filter((group) -> after == null || compare(grouping, group.key(), after) > 0)
				.limit(size + 1L)
				.toList();
			page = MemoryGroupPage.of(grouping, rows, size, kept.ungrouped());
		}
		return new MemoryReport(fleet.computedAt(), selector, fleet.totals(), reasons(fleet.unsupportedReasons()),
				(grouping != null) ? grouping.name() : null, page);
	}

	private MemoryReport live(HostScope scope, @Nullable Grouping grouping, @Nullable String after, int size,
			@Nullable String selector) {
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MICROS);
		Instant staleBefore = this.observations.staleBefore();
		MemoryGroupPage page = null;
		if (grouping != null) {
			page = MemoryGroupPage.of(grouping, this.memory.groups(scope, staleBefore, grouping, after, size + 1), size,
					this.memory.ungrouped(scope, staleBefore, grouping));
		}
		return new MemoryReport(now, selector, this.memory.totals(scope, staleBefore),
				reasons(this.memory.unsupportedReasons(scope)), (grouping != null) ? grouping.name() : null, page);
	}

	/** The kind of a cursor of a grouping's list, short whatever the label key. */
	static String kind(String list, Grouping grouping) {
		return list + ":" + Integer.toHexString(grouping.name().hashCode());
	}

	private static int compare(Grouping grouping, String key, String after) {
		return grouping.isNumeric() ? Long.compare(Long.parseLong(key), Long.parseLong(after)) : key.compareTo(after);
	}

	private static List<ReasonCount> reasons(Map<String, Long> reasons) {
		List<ReasonCount> list = new ArrayList<>();
		reasons.forEach((reason, hosts) -> list.add(new ReasonCount(reason, hosts)));
		return list;
	}

	@GetMapping("/history")
	@PreAuthorize("hasRole('VIEWER')")
	PageResponse<MemoryHistoryRow> history(
			@RequestParam(required = false) @Nullable @CodePointLength(max = 32) String from,
			@RequestParam(required = false) @Nullable @CodePointLength(max = 32) String to,
			@RequestParam(required = false) @Nullable @CodePointLength(max = 330) String groupBy,
			@RequestParam(required = false) @Nullable Integer limit,
			@RequestParam(required = false) @Nullable String cursor, QueryParameters parameters) {
		parameters.allowOnly("from", "to", "groupBy", "limit", "cursor");
		LocalDate last = (to != null) ? date("to", to) : LocalDate.ofInstant(this.clock.instant(), ZoneOffset.UTC);
		LocalDate first = (from != null) ? date("from", from) : last.minusDays(30);
		if (first.isAfter(last)) {
			throw ApiException.invalid("from", "must not be after to (" + last + ")");
		}
		if (ChronoUnit.DAYS.between(first, last) >= MAX_DAYS) {
			throw ApiException.invalid("from", "the range covers at most " + MAX_DAYS + " days");
		}
		Grouping grouping = historyGrouping(groupBy);
		int size = this.paging.limit(limit);
		MemoryHistory.RowKey after = Cursors.decode(kind(HISTORY, grouping), cursor, MemoryHistory.RowKey::decode);
		List<MemoryHistory.Row> rows = this.history.page(grouping, first, last, after, size + 1);
		return PageResponse
			.of(rows, size, kind(HISTORY, grouping), (row) -> new MemoryHistory.RowKey(row.day(), row.key()).encoded())
			.map(MemoryHistoryRow::of);
	}

	private Grouping historyGrouping(@Nullable String groupBy) {
		if (groupBy == null) {
			return Grouping.FLEET;
		}
		List<Grouping> kept = this.reports.keptGroupings();
		List<String> names = kept.stream().map(Grouping::name).toList();
		if (!names.contains(groupBy)) {
			throw new ApiException(dev.kfleet.platform.ApiProblem.INVALID_REQUEST,
					"groupBy: the history is kept for " + String.join(", ", names) + " only",
					Map.of("allowedGroupBy", names));
		}
		return kept.get(names.indexOf(groupBy));
	}

	private static LocalDate date(String parameter, String text) {
		try {
			LocalDate date = LocalDate.parse(text);
			if (date.getYear() < 1970 || date.getYear() > 9999) {
				throw ApiException.invalid(parameter, "must be a date from 1970-01-01 to 9999-12-31");
			}
			return date;
		}
		catch (DateTimeParseException ex) {
			throw ApiException.invalid(parameter, "must be a date (YYYY-MM-DD)");
		}
	}

	/** The memory report. */
	record MemoryReport(Instant computedAt, @Nullable String selector, MemoryFigures totals,
			List<ReasonCount> unsupportedReasons, @Nullable String groupBy, @Nullable MemoryGroupPage groups) {
	}

	/** Hosts whose HVO is unsupported for one reason (the code of a blocking limit). */
	record ReasonCount(String reason, long hosts) {
	}

	/** One page of the groups of a grouping, and the hosts without a key. */
	record MemoryGroupPage(List<MemoryGroup> items, @Nullable String nextCursor, MemoryFigures ungrouped) {

		static MemoryGroupPage of(Grouping grouping, List<MemoryAggregates.Group> rows, int size,
				MemoryFigures ungrouped) {
			PageResponse<MemoryAggregates.Group> page = PageResponse.of(rows, size, kind(GROUPS, grouping),
					MemoryAggregates.Group::key);
			return new MemoryGroupPage(page.items().stream().map((g) -> new MemoryGroup(g.key(), g.figures())).toList(),
					page.nextCursor(), ungrouped);
		}

	}

	/** A group of hosts and its figures. */
	record MemoryGroup(String key, MemoryFigures figures) {
	}

	/** A day of the history. */
	record MemoryHistoryRow(LocalDate day, String groupBy, @Nullable String key, Instant computedAt,
			MemoryFigures figures) {

		static MemoryHistoryRow of(MemoryHistory.Row row) {
			return new MemoryHistoryRow(java.util.Objects.requireNonNull(row.day()), row.grouping(), row.key(),
					row.computedAt(), row.figures());
		}

	}

}
