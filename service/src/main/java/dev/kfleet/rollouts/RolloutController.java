package dev.kfleet.rollouts;

import java.net.URI;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.hibernate.validator.constraints.CodePointLength;
import org.jspecify.annotations.Nullable;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.kfleet.hosts.LabelSelector;
import dev.kfleet.platform.ApiException;
import dev.kfleet.platform.ApiPrincipal;
import dev.kfleet.platform.AuditedOperation;
import dev.kfleet.platform.Cursors;
import dev.kfleet.platform.FieldViolation;
import dev.kfleet.platform.NoControlCharacters;
import dev.kfleet.platform.PageResponse;
import dev.kfleet.platform.Paging;
import dev.kfleet.platform.QueryParameters;
import dev.kfleet.rollouts.Feature.Target;
import dev.kfleet.rollouts.RolloutHostRepository.RolloutHostRow;
import dev.kfleet.rollouts.RolloutSpec.HaltAction;

/**
 * {@code /api/v1/rollouts}: operators create rollouts (or dry-run them) and pause,
 * resume, promote, abort or roll them back; anyone with a token watches them and their
 * hosts.
 */
@RestController
@RequestMapping(path = "/api/v1/rollouts", produces = MediaType.APPLICATION_JSON_VALUE)
class RolloutController {

	private static final String CURSOR = "rollouts";

	private static final String HOSTS_CURSOR = "rollout-hosts";

	private static final Duration MAX_DURATION = Duration.ofDays(7);

	private final RolloutService service;

	private final RolloutRepository rollouts;

	private final RolloutHostRepository hosts;

	private final RolloutViews views;

	private final Paging paging;

	RolloutController(RolloutService service, RolloutRepository rollouts, RolloutHostRepository hosts,
			RolloutViews views, Paging paging) {
		this.service = service;
		this.rollouts = rollouts;
		this.hosts = hosts;
		this.views = views;
		this.paging = paging;
	}

	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	@PreAuthorize("hasRole('OPERATOR')")
	@AuditedOperation(action = "rollout.created", targetType = "rollout")
	ResponseEntity<Map<String, @Nullable Object>> create(@RequestParam(defaultValue = "false") boolean dryRun,
			@Valid @RequestBody CreateRolloutRequest request, @AuthenticationPrincipal ApiPrincipal caller,
			QueryParameters parameters) {
		parameters.allowOnly("dryRun");
		RolloutSpec spec = request.toSpec();
		if (dryRun) {
			return ResponseEntity.ok(RolloutViews.of(spec, this.service.dryRun(spec)));
		}
		Rollout rollout = this.service.create(spec, caller);
		return ResponseEntity.created(URI.create("/api/v1/rollouts/" + rollout.id())).body(this.views.of(rollout));
	}

	@GetMapping
	@PreAuthorize("hasRole('VIEWER')")
	PageResponse<Map<String, @Nullable Object>> list(
			@RequestParam(required = false) @Nullable @Pattern(
					regexp = "pending|running|paused|rolling-back|completed|aborted|rolled-back|failed") String state,
			@RequestParam(required = false) @Nullable @Pattern(regexp = "hvo|vduse") String feature,
			@RequestParam(required = false) @Nullable Integer limit,
			@RequestParam(required = false) @Nullable String cursor, QueryParameters parameters) {
		parameters.allowOnly("state", "feature", "limit", "cursor");
		int size = this.paging.limit(limit);
		List<Rollout> rows = this.rollouts.page(state, feature, Cursors.decodeId(CURSOR, cursor), size + 1);
		PageResponse<Rollout> page = PageResponse.of(rows, size, CURSOR, (rollout) -> rollout.id().toString());
		return new PageResponse<>(this.views.of(page.items()), page.nextCursor());
	}

	@GetMapping("/{id}")
	@PreAuthorize("hasRole('VIEWER')")
	Map<String, @Nullable Object> get(@PathVariable UUID id) {
		return this.views.of(find(id));
	}

	@GetMapping("/{id}/hosts")
	@PreAuthorize("hasRole('VIEWER')")
	PageResponse<RolloutHostRow> hosts(@PathVariable UUID id, @RequestParam(required = false) @Nullable @Pattern(
			regexp = "pending|applying|succeeded|failed|skipped|rolling-back|rolled-back|rollback-failed") String state,
			@RequestParam(required = false) @Nullable @Min(0) @Max(1000) Integer wave,
			@RequestParam(required = false) @Nullable Integer limit,
			@RequestParam(required = false) @Nullable String cursor, QueryParameters parameters) {
		parameters.allowOnly("state", "wave", "limit", "cursor");
		find(id);
		int size = this.paging.limit(limit);
		List<RolloutHostRow> rows = this.hosts.page(id, state, wave, Cursors.decodeId(HOSTS_CURSOR, cursor), size + 1);
		return PageResponse.of(rows, size, HOSTS_CURSOR, (row) -> row.hostId().toString());
	}

	/**
	 * Pause, resume, promote, abort or roll back; 409 when the rollout's state does not
	 * allow it.
	 */
	@PostMapping("/{id}/{operation}")
	@PreAuthorize("hasRole('OPERATOR')")
	@AuditedOperation(action = "rollout.{operation}", variableActions = { "pause=paused", "resume=resumed",
			"promote=promoted", "abort=aborted", "rollback=rollback-started" }, targetType = "rollout",
			targetIdVariable = "id")
	Map<String, @Nullable Object> operate(@PathVariable UUID id, @PathVariable String operation,
			@Valid @RequestBody(required = false) @Nullable OperationRequest request,
			@AuthenticationPrincipal ApiPrincipal caller, QueryParameters parameters) {
		parameters.allowOnly();
		RolloutService.Operation asked = RolloutService.Operation.of(operation);
		return this.views.of(this.service.operate(id, asked, (request != null) ? request.reason() : null, caller));
	}

	private Rollout find(UUID id) {
		return this.rollouts.find(id).orElseThrow(() -> ApiException.notFound("rollout", id));
	}

	/** An operation's optional body: why, for the audit log and the rollout's reason. */
	record OperationRequest(@Nullable @CodePointLength(max = 500) @NoControlCharacters String reason) {
	}

	record CreateRolloutRequest(@NotBlank @CodePointLength(max = 100) @NoControlCharacters String name,
			@NotNull @Pattern(regexp = "hvo|vduse", message = "must be hvo or vduse") String feature,
			@Valid @NotNull TargetBody target, @Valid @NotNull HostsBody hosts,
			@NotNull @Size(min = 1, max = 100) List<@NotNull Object> waves, @Valid @Nullable BudgetBody failureBudget,
			@Nullable @Pattern(regexp = "pause|rollback", message = "must be pause or rollback") String haltAction,
			@Nullable @CodePointLength(max = 32) String hostDeadline,
			@Nullable @CodePointLength(max = 32) String bakeTime,
			@Nullable @Pattern(regexp = "automatic|manual", message = "must be automatic or manual") String promotion,
			@Nullable @Min(1) @Max(100_000) Integer maxConcurrency) {

		/** The spec, or 400 naming every field that is wrong beyond its shape. */
		RolloutSpec toSpec() {
			List<FieldViolation> problems = new ArrayList<>();
			Feature chosen = Feature.of(this.feature);
			boolean rebuild = Boolean.TRUE.equals(this.target.rebuildFreePages());
			if (chosen == Feature.VDUSE && (!this.target.enabled() || this.target.rebuildFreePages() != null)) {
				problems.add(new FieldViolation("target",
						"a vduse rollout loads the modules: {\"enabled\": true}, without rebuildFreePages"));
			}
			if (rebuild && !this.target.enabled()) {
				problems.add(new FieldViolation("target.rebuildFreePages", "rebuilds pages only with HVO enabled"));
			}
			if (this.hosts.selector() == null && (this.hosts.ids() == null || this.hosts.ids().isEmpty())) {
				problems.add(new FieldViolation("hosts", "give a selector, host ids, or both"));
			}
			if (this.hosts.selector() != null) {
				try {
					LabelSelector.parse(this.hosts.selector());
				}
				catch (ApiException ex) {
					problems.add(new FieldViolation("hosts.selector", ex.getMessage()));
				}
			}
			List<WaveStep> steps = new ArrayList<>();
			for (int i = 0; i < this.waves.size(); i++) {
				try {
					steps.add(WaveStep.parse(this.waves.get(i)));
				}
				catch (IllegalArgumentException ex) {
					problems.add(new FieldViolation("waves[" + i + "]", ex.getMessage()));
				}
			}
			FailureBudget perWave = budget(problems, "failureBudget.perWave",
					(this.failureBudget != null) ? this.failureBudget.perWave() : null);
			FailureBudget overall = budget(problems, "failureBudget.overall",
					(this.failureBudget != null) ? this.failureBudget.overall() : null);
			Duration deadline = duration(problems, "hostDeadline", this.hostDeadline, Duration.ofMinutes(10),
					Duration.ofSeconds(1));
			Duration bake = duration(problems, "bakeTime", this.bakeTime, Duration.ZERO, Duration.ZERO);
			HaltAction halt = HaltAction.of((this.haltAction != null) ? this.haltAction : "pause");
			if (chosen == Feature.VDUSE && halt == HaltAction.ROLLBACK) {
				problems.add(new FieldViolation("haltAction",
						"a vduse rollout does not roll back (the agent never unloads modules): use pause"));
			}
			if (!problems.isEmpty()) {
				throw ApiException.invalid(problems);
			}
			List<UUID> ids = (this.hosts.ids() != null) ? List.copyOf(new java.util.LinkedHashSet<>(this.hosts.ids()))
					: List.of();
			return new RolloutSpec(this.name, chosen, new Target(this.target.enabled(), rebuild), this.hosts.selector(),
					ids, steps, perWave, overall, halt, deadline, bake, "manual".equals(this.promotion),
					this.maxConcurrency);
		}

		private static FailureBudget budget(List<FieldViolation> problems, String field, @Nullable Object budget) {
			if (budget == null) {
				return FailureBudget.NONE;
			}
			try {
				return FailureBudget.parse(budget);
			}
			catch (IllegalArgumentException ex) {
				problems.add(new FieldViolation(field, ex.getMessage()));
				return FailureBudget.NONE;
			}
		}

		private static Duration duration(List<FieldViolation> problems, String field, @Nullable String text,
				Duration otherwise, Duration min) {
			if (text == null) {
				return otherwise;
			}
			try {
				Duration duration = Duration.parse(text);
				if (duration.compareTo(min) >= 0 && duration.compareTo(MAX_DURATION) <= 0) {
					return duration;
				}
			}
			catch (DateTimeParseException ex) {
				// refused below
			}
			problems.add(new FieldViolation(field,
					"must be an ISO 8601 duration from " + min + " to " + MAX_DURATION + ", such as PT10M"));
			return otherwise;
		}

	}

	record TargetBody(@NotNull Boolean enabled, @Nullable Boolean rebuildFreePages) {
	}

	record HostsBody(@Nullable @CodePointLength(max = 4096) String selector,
			@Nullable @Size(max = 10_000) List<@NotNull UUID> ids) {
	}

	record BudgetBody(@Nullable Object perWave, @Nullable Object overall) {
	}

}
