package dev.kfleet.agents;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.kfleet.audit.Actor;
import dev.kfleet.audit.AuditLog;
import dev.kfleet.platform.ApiException;
import dev.kfleet.platform.ApiPrincipal;
import dev.kfleet.platform.Cursors;
import dev.kfleet.platform.PageResponse;

import static dev.kfleet.agents.EnrollmentRequest.APPROVED;
import static dev.kfleet.agents.EnrollmentRequest.PENDING;
import static dev.kfleet.agents.EnrollmentRequest.REJECTED;

/**
 * Operators approve and reject enrollment requests (audited). Each decision is one
 * guarded update: of two replicas deciding at once, one decides and the other sees the
 * decision.
 */
@Service
class EnrollmentRequestService {

	private static final Logger log = LoggerFactory.getLogger(EnrollmentRequestService.class);

	private static final String CURSOR_KIND = "enrollment-requests";

	private final EnrollmentRequestRepository requests;

	private final AuditLog audit;

	private final Clock clock;

	EnrollmentRequestService(EnrollmentRequestRepository requests, AuditLog audit, Clock clock) {
		this.requests = requests;
		this.audit = audit;
		this.clock = clock;
	}

	@Transactional(readOnly = true)
	EnrollmentRequest get(UUID id) {
		return this.requests.findById(id).orElseThrow(() -> ApiException.notFound("enrollment request", id));
	}

	@Transactional(readOnly = true)
	PageResponse<EnrollmentRequest> list(@Nullable String state, @Nullable String cursor, int limit) {
		UUID before = Cursors.decodeId(CURSOR_KIND, cursor);
		return PageResponse.of(this.requests.page(state, before, limit + 1), limit, CURSOR_KIND,
				(request) -> request.id().toString());
	}

	/**
	 * Approves a pending request: the next attempt with its key enrolls. Approving an
	 * approved request changes nothing; a rejected or completed one cannot be approved.
	 */
	@Transactional
	EnrollmentRequest approve(UUID id, ApiPrincipal caller) {
		return decide(id, List.of(PENDING), APPROVED, caller);
	}

	/**
	 * Rejects a pending or approved request: attempts with its key are refused from now
	 * on. Rejecting a rejected request changes nothing; a completed one cannot be
	 * rejected.
	 */
	@Transactional
	EnrollmentRequest reject(UUID id, ApiPrincipal caller) {
		return decide(id, List.of(PENDING, APPROVED), REJECTED, caller);
	}

	private EnrollmentRequest decide(UUID id, List<String> from, String to, ApiPrincipal caller) {
		Optional<EnrollmentRequest> decided = this.requests.transition(id, from, to, now(), caller.name());
		if (decided.isPresent()) {
			EnrollmentRequest request = decided.get();
			log.info("Enrollment request {} for machine {} (fingerprint {}) {} by {}", id, request.machineId(),
					request.fingerprint(), to, caller);
			this.audit.record(Actor.of(caller), "enrollment-request." + to, "enrollment-request", id, Map.of("hostId",
					request.hostId(), "machineId", request.machineId(), "fingerprint", request.fingerprint()));
			return request;
		}
		EnrollmentRequest current = get(id);
		if (current.state().equals(to)) {
			return current;
		}
		throw ApiException.conflict("enrollment request " + id + " is " + current.state() + "; it cannot be " + to);
	}

	private Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.MICROS);
	}

}
