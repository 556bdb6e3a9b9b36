package dev.kfleet.hosts;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import dev.kfleet.audit.Actor;
import dev.kfleet.audit.AuditLog;
import dev.kfleet.platform.ApiException;
import dev.kfleet.platform.ApiPrincipal;
import dev.kfleet.platform.ApiProblem;
import dev.kfleet.platform.FieldViolation;
import dev.kfleet.platform.Ids;

/**
 * Registers, relabels and decommissions hosts (audited), claims the host of a machine for
 * an enrollment, and keeps each host's facts as its agent reports them.
 */
@Service
public class HostService {

	private static final Logger log = LoggerFactory.getLogger(HostService.class);

	private final HostRepository hosts;

	private final Clock clock;

	private final ApplicationEventPublisher events;

	private final AuditLog audit;

	HostService(HostRepository hosts, Clock clock, ApplicationEventPublisher events, AuditLog audit) {
		this.hosts = hosts;
		this.clock = clock;
		this.events = events;
		this.audit = audit;
	}

	/**
	 * The host of a machine, registered now if it is new. Registering again returns the
	 * same host with its facts brought up to date (and re-activates it if it was
	 * decommissioned); its labels stay as operators left them. A registration that
	 * changed something is audited (a new host, new facts, a re-activation).
	 */
	@Transactional
	Registration register(String machineId, String hostname, @Nullable String kernelRelease, Map<String, String> labels,
			ApiPrincipal caller) {
		throwIfInvalid(Labels.problems(labels));
		Instant now = now();
		Host candidate = Host.register(Ids.newId(this.clock), machineId, hostname, kernelRelease, labels, now);
		if (this.hosts.insertIfAbsent(candidate)) {
			log.info("Host {} registered for machine {} ({})", candidate.id(), machineId, hostname);
			auditRegistration(caller, candidate, true, null);
			this.events.publishEvent(new HostRegistered(candidate.id()));
			return new Registration(candidate, true);
		}
		Host existing = this.hosts.findByMachineId(machineId)
			.orElseThrow(() -> ApiException.conflict("machine " + machineId + " is being registered concurrently"));
		Host refreshed = existing.withFacts(hostname, kernelRelease, now);
		if (refreshed != existing) {
			store(refreshed);
			auditRegistration(caller, refreshed, false, existing);
			if (existing.isDecommissioned()) {
				log.info("Host {} re-activated by registering machine {} again", existing.id(), machineId);
				this.events.publishEvent(new HostRegistered(existing.id()));
			}
			return new Registration(get(existing.id()), false);
		}
		return new Registration(existing, false);
	}

	/**
	 * The host of an enrolling machine: a new host with these facts and labels, or the
	 * existing one, locked until the caller's transaction ends and left as it is. The
	 * caller decides whether the enrollment may go on ({@link #refresh}).
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public Claim claim(String machineId, String hostname, @Nullable String kernelRelease, Map<String, String> labels) {
		throwIfInvalid(Labels.problems(labels));
		Host candidate = Host.register(Ids.newId(this.clock), machineId, hostname, kernelRelease, labels, now());
		if (this.hosts.insertIfAbsent(candidate)) {
			log.info("Host {} registered for machine {} ({}) by its agent", candidate.id(), machineId, hostname);
			this.events.publishEvent(new HostRegistered(candidate.id()));
			return new Claim(candidate.id(), true, false);
		}
		Host existing = this.hosts.lockByMachineId(machineId)
			.orElseThrow(() -> ApiException.conflict("machine " + machineId + " is being registered concurrently"));
		return new Claim(existing.id(), false, existing.isDecommissioned());
	}

	/**
	 * Brings a host's facts up to date for an enrollment that may go on, in the
	 * enrollment's transaction; re-activates it if it was decommissioned.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void refresh(UUID id, String hostname, @Nullable String kernelRelease) {
		Host host = get(id);
		Host refreshed = host.withFacts(hostname, kernelRelease, now());
		if (refreshed != host) {
			store(refreshed);
			if (host.isDecommissioned()) {
				log.info("Host {} re-activated by an approved enrollment", id);
				this.events.publishEvent(new HostRegistered(id));
			}
		}
	}

	/** Refuses (404) a host that does not exist. */
	@Transactional(readOnly = true)
	public void requireExists(UUID id) {
		get(id);
	}

	/** Refuses (404) a host that does not exist and (409) one that is decommissioned. */
	@Transactional(readOnly = true)
	public void requireActive(UUID id) {
		if (get(id).isDecommissioned()) {
			throw ApiException.conflict("host " + id + " is decommissioned");
		}
	}

	/**
	 * Whether each of these hosts is decommissioned ({@code true}) or active
	 * ({@code false}); ids of no host are absent. One query for any number of hosts.
	 */
	@Transactional(readOnly = true)
	public Map<UUID, Boolean> decommissioned(Collection<UUID> ids) {
		return ids.isEmpty() ? Map.of() : this.hosts.decommissioned(ids);
	}

	/** A host; 404 when it does not exist. */
	@Transactional(readOnly = true)
	public Host get(UUID id) {
		return this.hosts.findById(id).orElseThrow(() -> ApiException.notFound("host", id));
	}

	/**
	 * The kernel release each of these hosts reported last, in the caller's transaction
	 * (the observations module compares a report with it).
	 */
	public Map<UUID, @Nullable String> kernelReleases(Collection<UUID> ids) {
		return this.hosts.kernelReleases(ids);
	}

	/**
	 * Takes the kernel release a host's agent reported, in the caller's transaction (the
	 * observations module stores a batch of reports in one). The host stays as active or
	 * decommissioned as it was; when it changed concurrently, the release stays as it is.
	 */
	public void kernelReleaseReported(UUID id, String kernelRelease, Instant at) {
		this.hosts.findById(id)
			.filter((host) -> !kernelRelease.equals(host.kernelRelease()))
			.ifPresent((host) -> this.hosts.update(host.withKernelRelease(kernelRelease, at)));
	}

	/**
	 * Applies a merge patch to a host's labels.
	 * @param ifMatch the ETag the client last saw, or {@code null} to patch whatever is
	 * current
	 */
	@Transactional
	Host patchLabels(UUID id, LabelPatch patch, @Nullable String ifMatch, ApiPrincipal caller) {
		Host host = get(id);
		checkPrecondition(host, ifMatch);
		if (host.isDecommissioned()) {
			throw ApiException.conflict("host " + id + " is decommissioned; its labels can no longer change");
		}
		Map<String, String> labels = patch.applyTo(host.labels());
		throwIfInvalid(Labels.problems(labels));
		Host patched = host.withLabels(labels, now());
		if (patched == host) {
			return host;
		}
		store(patched);
		this.audit.record(Actor.of(caller), "host.relabelled", "host", id,
				Map.of("before", host.labels(), "after", patched.labels()));
		return get(id);
	}

	/**
	 * Decommissions a host: it leaves the default lists but keeps its history, and its
	 * agent's token stops working ({@link HostDecommissioned}, delivered after it
	 * commits).
	 */
	@Transactional
	Host decommission(UUID id, ApiPrincipal caller) {
		Host host = get(id);
		if (host.isDecommissioned()) {
			return host;
		}
		store(host.decommissioned(now()));
		this.events.publishEvent(new HostDecommissioned(id));
		this.audit.record(Actor.of(caller), "host.decommissioned", "host", id,
				Map.of("machineId", host.machineId(), "hostname", host.hostname()));
		log.info("Host {} ({}) decommissioned", id, host.hostname());
		return get(id);
	}

	/**
	 * Audits a registration that changed something: a new host, or an existing one whose
	 * facts it brought up to date ({@code before}) and which it re-activated if it was
	 * decommissioned.
	 */
	private void auditRegistration(ApiPrincipal caller, Host host, boolean created, @Nullable Host before) {
		Map<String, @Nullable Object> details = new LinkedHashMap<>();
		details.put("machineId", host.machineId());
		details.put("hostname", host.hostname());
		details.put("kernelRelease", host.kernelRelease());
		details.put("created", created);
		details.put("reactivated", before != null && before.isDecommissioned());
		if (before != null) {
			Map<String, @Nullable Object> facts = new LinkedHashMap<>();
			facts.put("hostname", before.hostname());
			facts.put("kernelRelease", before.kernelRelease());
			details.put("before", facts);
		}
		this.audit.record(Actor.of(caller), "host.registered", "host", host.id(), details);
	}

	private void store(Host host) {
		if (!this.hosts.update(host)) {
			throw new ApiException(ApiProblem.CONFLICT,
					"host " + host.id() + " was changed concurrently; read it again and retry");
		}
	}

	private static void checkPrecondition(Host host, @Nullable String ifMatch) {
		if (ifMatch != null && !"*".equals(ifMatch.trim()) && !ifMatch.contains(host.etag())) {
			throw new ApiException(ApiProblem.PRECONDITION_FAILED, "host " + host.id() + " is at version " + host.etag()
					+ ", not " + ifMatch + "; read it again and retry");
		}
	}

	private static void throwIfInvalid(List<FieldViolation> problems) {
		if (!problems.isEmpty()) {
			throw ApiException.invalid(problems);
		}
	}

	private Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.MICROS);
	}

	/**
	 * The outcome of registering a machine.
	 *
	 * @param host the host
	 * @param created whether it is new
	 */
	record Registration(Host host, boolean created) {
	}

	/**
	 * The host an enrolling machine claims.
	 *
	 * @param hostId the host
	 * @param created whether the machine is new (the host was registered now)
	 * @param decommissioned whether the host is decommissioned
	 */
	public record Claim(UUID hostId, boolean created, boolean decommissioned) {
	}

}
