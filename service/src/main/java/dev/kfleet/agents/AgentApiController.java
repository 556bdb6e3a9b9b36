package dev.kfleet.agents;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.Validator;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import org.hibernate.validator.constraints.CodePointLength;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.kfleet.desiredstate.ActionResult;
import dev.kfleet.hosts.HostFacts.Hostname;
import dev.kfleet.hosts.HostFacts.KernelRelease;
import dev.kfleet.hosts.HostFacts.MachineId;
import dev.kfleet.desiredstate.DesiredState;
import dev.kfleet.observations.CheckInService;
import dev.kfleet.platform.ApiProblem;
import dev.kfleet.platform.Problems;
import dev.kfleet.platform.NoControlCharacters;

/**
 * {@code /agent/v1}: what agents call. The host a check-in writes is the host of its
 * token; no request names a host.
 */
@RestController
@RequestMapping(path = "/agent/v1", produces = MediaType.APPLICATION_JSON_VALUE)
class AgentApiController {

	private final EnrollmentService enrollments;

	private final CheckInService checkIns;

	private final ReportValidator reports;

	private final Validator validator;

	private final CheckInRequest.Reader json;

	private final ObjectWriter responses;

	AgentApiController(EnrollmentService enrollments, CheckInService checkIns, ReportValidator reports,
			Validator validator, JsonMapper json) {
		this.enrollments = enrollments;
		this.checkIns = checkIns;
		this.reports = reports;
		this.validator = validator;
		this.json = new CheckInRequest.Reader(json);
		this.responses = json.writerFor(CheckInResponse.class);
	}

	/**
	 * Enrolls an agent: 201 for a new host, 200 for a known one, 409 (a problem with the
	 * enrollment request) when the attempt needs an operator's approval.
	 */
	@PostMapping(path = "/enroll", consumes = MediaType.APPLICATION_JSON_VALUE)
	@PreAuthorize("hasRole('ENROLLER')")
	ResponseEntity<?> enroll(@Valid @RequestBody EnrollRequest request,
			@AuthenticationPrincipal EnrollmentPrincipal secret, HttpServletRequest httpRequest) {
		EnrollmentAttempt attempt = new EnrollmentAttempt(request.machineId(), request.hostname(),
				request.kernelRelease(), request.agentVersion(), request.hostToken(),
				(request.requestKey() != null) ? RequestKey.of(request.requestKey()) : null,
				httpRequest.getRemoteAddr());
		return switch (this.enrollments.enroll(secret, attempt)) {
			case EnrollmentOutcome.Enrolled enrolled ->
				ResponseEntity.status(enrolled.created() ? HttpStatus.CREATED : HttpStatus.OK)
					.body(new EnrollResponse(enrolled.hostId(), enrolled.token(), this.checkIns.nextCheckInSeconds()));
			case EnrollmentOutcome.Refused refused -> approvalRequired(refused);
		};
	}

	/**
	 * A used-up (or just revoked) secret: 401, saying which, like any refused credential.
	 */
	@ExceptionHandler(UnusableEnrollmentSecret.class)
	ResponseEntity<ProblemDetail> unusableSecret(UnusableEnrollmentSecret ex) {
		return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
			.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"kfleet\", error=\"invalid_token\"")
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(Problems.of(ApiProblem.UNAUTHENTICATED, ex.getMessage()));
	}

	private static ResponseEntity<ProblemDetail> approvalRequired(EnrollmentOutcome.Refused refused) {
		ProblemDetail problem = Problems.of(ApiProblem.ENROLLMENT_APPROVAL_REQUIRED, refused.detail());
		problem.setProperty("requestId", refused.requestId());
		problem.setProperty("fingerprint", refused.fingerprint());
		problem.setProperty("requestState", refused.requestState());
		return ResponseEntity.status(HttpStatus.CONFLICT).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

	/**
	 * Takes a check-in. The body is read from the request and the answer written to the
	 * response here, not by message converters: this is the request the service takes
	 * thousands of times a second, and choosing converters (copying every header to find
	 * the content type, negotiating the response's media type) cost more than reading and
	 * writing the JSON itself. The body stays bounded by the size limit (413), and the
	 * answer is written with the service's mapper, with its length. A report must
	 * validate against the contract (400 otherwise); the observations module's check-in
	 * policy does the rest ({@link CheckInService}).
	 */
	@PostMapping(path = "/check-in", consumes = MediaType.APPLICATION_JSON_VALUE)
	@PreAuthorize("hasRole('HOST')")
	void checkIn(HttpServletRequest httpRequest, HttpServletResponse httpResponse,
			@AuthenticationPrincipal HostPrincipal host) throws IOException {
		byte[] body;
		try {
			body = answer(httpRequest, host);
		}
		catch (IOException | RuntimeException ex) {
			this.checkIns.countFailed(ex);
			throw ex;
		}
		httpResponse.setContentType(MediaType.APPLICATION_JSON_VALUE);
		httpResponse.setContentLength(body.length);
		httpResponse.getOutputStream().write(body);
	}

	private byte[] answer(HttpServletRequest httpRequest, HostPrincipal host) throws IOException {
		CheckInRequest request = CheckInRequest.read(httpRequest.getInputStream().readAllBytes(), this.json);
		request.check(this.validator);
		if (request.report() != null) {
			this.reports.validate(request.report());
		}
		CheckInService.Answer answer = this.checkIns.checkIn(host.hostId(),
				new CheckInService.CheckIn(request.agentVersion(), request.sequence(), request.reportHash(),
						request.report(), request.reportText()),
				request.results());
		return this.responses
			.writeValueAsBytes(new CheckInResponse(answer.outcome().accepted(), answer.outcome().acknowledgedSequence(),
					answer.outcome().fullReportWanted(), answer.nextCheckInSeconds(), answer.desiredState()));
	}

	@GetMapping("/ping")
	@PreAuthorize("hasRole('HOST')")
	ResponseEntity<Void> ping() {
		return ResponseEntity.noContent().build();
	}

	/**
	 * The body of {@code POST /agent/v1/enroll}.
	 *
	 * @param machineId the machine's id
	 * @param hostname its host name
	 * @param kernelRelease its kernel release
	 * @param agentVersion the agent's version
	 * @param hostToken the host's current token, as proof
	 * @param requestKey the key an enrollment request is bound to (at least 256 bits,
	 * base64url)
	 */
	record EnrollRequest(@MachineId String machineId, @Hostname String hostname,
			@Nullable @KernelRelease String kernelRelease,
			@NotBlank @CodePointLength(max = 64) @NoControlCharacters String agentVersion,
			@Nullable @CodePointLength(max = 256) String hostToken,
			@Nullable @CodePointLength(min = 43, max = 128) @Pattern(regexp = "[A-Za-z0-9_-]+",
					message = "must be base64url: letters, digits, - and _") String requestKey) {
	}

	record EnrollResponse(UUID hostId, String hostToken, int checkInIntervalSeconds) {
	}

	record ActionResultBody(@NotNull @Min(1) Long desiredVersion,
			@NotBlank @CodePointLength(max = 64) @NoControlCharacters String actionId,
			@NotBlank @CodePointLength(max = 64) @NoControlCharacters String type,
			@NotNull @Pattern(regexp = "succeeded|failed|refused",
					message = "must be one of succeeded, failed, refused") String outcome,
			@NotNull @CodePointLength(max = 2000) String detail, @NotNull Instant startedAt,
			@NotNull Instant finishedAt, @NotNull @Size(max = 16) List<@Valid @NotNull PoolChangeBody> pools,
			@Nullable @Size(max = 16) List<@Valid @NotNull ModuleChangeBody> modules) {

		ActionResult toResult() {
			return new ActionResult(this.desiredVersion, this.actionId, this.type, this.outcome, this.detail,
					this.startedAt, this.finishedAt, this.pools.stream().map(PoolChangeBody::toChange).toList(),
					(this.modules != null) ? this.modules.stream().map(ModuleChangeBody::toChange).toList()
							: List.of());
		}

	}

	/** A module an action loaded; agents older than the member send none. */
	record ModuleChangeBody(
			@NotBlank @CodePointLength(max = 64) @Pattern(regexp = "[A-Za-z0-9_-]+",
					message = "must be a module name: letters, digits, _ and -") String name,
			@NotNull Boolean loadedBefore, @NotNull Boolean loadedAfter) {

		ActionResult.ModuleChange toChange() {
			return new ActionResult.ModuleChange(this.name, this.loadedBefore, this.loadedAfter);
		}

	}

	record PoolChangeBody(@NotNull @Min(1) Long pageSizeBytes, @NotNull @PositiveOrZero Long totalBefore,
			@NotNull @PositiveOrZero Long freeBefore, @NotNull @PositiveOrZero Long totalAfter,
			@NotNull @PositiveOrZero Long freeAfter) {

		ActionResult.PoolChange toChange() {
			return new ActionResult.PoolChange(this.pageSizeBytes, this.totalBefore, this.freeBefore, this.totalAfter,
					this.freeAfter);
		}

	}

	record CheckInResponse(boolean accepted, long acknowledgedSequence, boolean fullReportWanted,
			int nextCheckInSeconds, DesiredState desiredState) {
	}

}
