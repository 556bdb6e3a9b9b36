package dev.kfleet.agent.stub;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.kfleet.agent.json.Json;
import dev.kfleet.agent.json.JsonReader;
import dev.kfleet.agent.server.ReportSnapshot;

/**
 * A JDK {@link HttpServer} that speaks the agent API of openapi.yaml as the service
 * describes it: enrollment with a secret (201; again, 200 with a rotated token when the
 * host has no active token, the request carries its token as proof, or an operator
 * approved its request key; else 409 with the request to approve), check-ins with
 * sequences ({@code accepted}, {@code acknowledgedSequence}), report hashes checked
 * against the full report's bytes ({@code fullReportWanted}), desired state per host,
 * ping, and problem documents. Tests can queue failures and read what was received.
 */
public final class StubAgentApi implements AutoCloseable {

	private final HttpServer server;

	private final String secret;

	private final Map<String, Host> hostsByToken = new HashMap<>();

	private final Map<String, Host> hostsByMachine = new HashMap<>();

	private final Deque<int[]> failures = new ArrayDeque<>();

	private final List<Map<String, Object>> checkIns = Collections.synchronizedList(new ArrayList<>());

	private final List<String> bodies = Collections.synchronizedList(new ArrayList<>());

	private volatile int enrollments;

	private volatile long interval = 30;

	private volatile boolean legacy;

	/** Request key to its request: id and state (pending, approved, rejected). */
	private final Map<String, String[]> requests = new HashMap<>();

	private final Deque<Reply> rawCheckIns = new ArrayDeque<>();

	private final List<Map<String, Object>> enrollBodies = new ArrayList<>();

	public StubAgentApi(String secret) throws IOException {
		this.secret = secret;
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
		this.server.createContext("/agent/v1/enroll", (ex) -> handle(ex, this::enroll));
		this.server.createContext("/agent/v1/check-in", (ex) -> handle(ex, this::checkIn));
		this.server.createContext("/agent/v1/ping", (ex) -> handle(ex, this::ping));
		this.server.start();
	}

	public URI uri() {
		return URI.create("http://127.0.0.1:" + this.server.getAddress().getPort());
	}

	/** The next {@code count} requests get {@code status} with a problem document. */
	public synchronized void failNext(int count, int status) {
		for (int i = 0; i < count; i++) {
			this.failures.add(new int[] { status });
		}
	}

	public void interval(long seconds) {
		this.interval = seconds;
	}

	/** Replaces a host's desired state and increments its version. */
	public synchronized long desire(String hostId, List<Map<String, Object>> actions) {
		Host host = this.hostsByMachine.values().stream().filter((h) -> h.id.equals(hostId)).findFirst().orElseThrow();
		host.desiredVersion++;
		host.actions = List.copyOf(actions);
		return host.desiredVersion;
	}

	/** Makes a host's token stop working, as revoking or re-enrolling elsewhere would. */
	public synchronized void revokeTokens() {
		this.hostsByToken.clear();
	}

	/** Forgets the stored report hashes, as a service that lost them would. */
	public synchronized void forgetReports() {
		this.hostsByMachine.values().forEach((h) -> h.reportHash = null);
	}

	public List<Map<String, Object>> checkIns() {
		synchronized (this.checkIns) {
			return List.copyOf(this.checkIns);
		}
	}

	/** The raw bodies of the check-ins received, for validation against the contract. */
	public List<String> checkInBodies() {
		synchronized (this.bodies) {
			return List.copyOf(this.bodies);
		}
	}

	public synchronized int enrollments() {
		return this.enrollments;
	}

	public synchronized int hosts() {
		return this.hostsByMachine.size();
	}

	public synchronized long acknowledgedSequence(String hostId) {
		return this.hostsByMachine.values()
			.stream()
			.filter((h) -> h.id.equals(hostId))
			.findFirst()
			.orElseThrow().sequence;
	}

	private Reply enroll(HttpExchange exchange, String body) {
		if (!("Bearer " + this.secret).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
			return Reply.problem(401, "unknown enrollment secret");
		}
		Map<?, ?> request = (Map<?, ?>) JsonReader.parse(body);
		if (this.legacy && (request.containsKey("hostToken") || request.containsKey("requestKey"))) {
			String field = request.containsKey("hostToken") ? "hostToken" : "requestKey";
			return Reply.problem(400, "Unknown field '" + field + "' (line 1, column 90)");
		}
		String machineId = (String) request.get("machineId");
		synchronized (this) {
			this.enrollments++;
			this.enrollBodies.add(castMap(request));
			Host host = this.hostsByMachine.get(machineId);
			boolean created = host == null;
			if (created) {
				host = new Host(UUID.randomUUID().toString());
				this.hostsByMachine.put(machineId, host);
			}
			else if (!mayEnrollAgain(host, request)) {
				return approvalRequired((String) request.get("requestKey"));
			}
			this.hostsByToken.values().removeIf(host::equals);
			String token = "host-" + UUID.randomUUID();
			host.sequence = 0;
			this.hostsByToken.put(token, host);
			return new Reply(created ? 201 : 200, Json
				.write(Map.of("hostId", host.id, "hostToken", token, "checkInIntervalSeconds", this.interval), false));
		}
	}

	/**
	 * As the service decides (openapi.yaml, {@code enroll}): a host without an active
	 * token, the host's current token as proof, or an approved request key.
	 */
	private boolean mayEnrollAgain(Host host, Map<?, ?> request) {
		boolean active = this.hostsByToken.containsValue(host);
		boolean proof = request.get("hostToken") instanceof String token && host.equals(this.hostsByToken.get(token));
		boolean approved = request.get("requestKey") instanceof String key
				&& "approved".equals(this.requests.getOrDefault(key, new String[] { "", "" })[1]);
		return !active || proof || approved;
	}

	private Reply approvalRequired(String key) {
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("type", "https://kfleet.dev/problems/enrollment-approval-required");
		problem.put("title", "Enrollment needs approval");
		problem.put("status", 409L);
		problem.put("detail", "the machine has an active agent; an operator approves the request");
		String[] request = (key != null)
				? this.requests.computeIfAbsent(key, (k) -> new String[] { UUID.randomUUID().toString(), "pending" })
				: null;
		problem.put("requestId", (request != null) ? request[0] : null);
		problem.put("fingerprint", (key != null) ? ReportSnapshot.sha256(key).substring(0, 16) : null);
		problem.put("requestState", (request != null) ? request[1] : null);
		return new Reply(409, Json.write(problem, false));
	}

	/** Approves (or rejects) the request an attempt made, by its id. */
	public synchronized void decide(String requestId, boolean approve) {
		this.requests.values()
			.stream()
			.filter((r) -> r[0].equals(requestId))
			.forEach((r) -> r[1] = approve ? "approved" : "rejected");
	}

	/** Answers like a service older than the enrollment proof: 400 for its members. */
	public void legacy() {
		this.legacy = true;
	}

	/**
	 * The next {@code count} check-ins get this body with 200, whatever they carry;
	 * chunked (no {@code Content-Length}) if asked.
	 */
	public synchronized void answerCheckIns(int count, String body, boolean chunked) {
		for (int i = 0; i < count; i++) {
			this.rawCheckIns.add(new Reply(200, body, chunked));
		}
	}

	/** The bodies of the enroll requests received. */
	public synchronized List<Map<String, Object>> enrollBodies() {
		return List.copyOf(this.enrollBodies);
	}

	private Reply checkIn(HttpExchange exchange, String body) {
		Reply raw;
		synchronized (this) {
			raw = this.rawCheckIns.poll();
		}
		if (raw != null) {
			return raw;
		}
		Host host = host(exchange);
		if (host == null) {
			return Reply.problem(401, "unknown host token");
		}
		Map<?, ?> request = (Map<?, ?>) JsonReader.parse(body);
		long sequence = (Long) request.get("sequence");
		String hash = (String) request.get("reportHash");
		int report = body.indexOf(",\"report\":");
		Map<String, Object> received = new LinkedHashMap<>();
		received.put("hostId", host.id);
		received.putAll(castMap(request));
		this.checkIns.add(received);
		this.bodies.add(body);
		synchronized (this) {
			boolean accepted = sequence > host.sequence;
			if (accepted) {
				host.sequence = sequence;
				if (report >= 0) {
					String reportJson = reportText(body, report);
					if (!ReportSnapshot.sha256(reportJson).equals(hash)) {
						return Reply.problem(400, "reportHash is not the SHA-256 of the report");
					}
					host.reportHash = hash;
				}
			}
			boolean fullWanted = !hash.equals(host.reportHash);
			Map<String, Object> desired = new LinkedHashMap<>();
			desired.put("version", host.desiredVersion);
			desired.put("actions", host.actions);
			Map<String, Object> response = new LinkedHashMap<>();
			response.put("accepted", accepted);
			response.put("acknowledgedSequence", host.sequence);
			response.put("fullReportWanted", fullWanted);
			response.put("nextCheckInSeconds", this.interval);
			response.put("desiredState", desired);
			return new Reply(200, Json.write(response, false));
		}
	}

	private Reply ping(HttpExchange exchange, String body) {
		return (host(exchange) == null) ? Reply.problem(401, "unknown host token") : new Reply(204, null);
	}

	private synchronized Host host(HttpExchange exchange) {
		String header = exchange.getRequestHeaders().getFirst("Authorization");
		return (header != null && header.startsWith("Bearer ")) ? this.hostsByToken.get(header.substring(7)) : null;
	}

	/**
	 * The report's exact text: between ",\"report\":" and the next top-level member or
	 * the end.
	 */
	private static String reportText(String body, int at) {
		int start = at + ",\"report\":".length();
		int depth = 0;
		boolean inString = false;
		for (int i = start; i < body.length(); i++) {
			char c = body.charAt(i);
			if (inString) {
				if (c == '\\') {
					i++;
				}
				else if (c == '"') {
					inString = false;
				}
			}
			else if (c == '"') {
				inString = true;
			}
			else if (c == '{' || c == '[') {
				depth++;
			}
			else if ((c == '}' || c == ']') && --depth == 0) {
				return body.substring(start, i + 1);
			}
		}
		throw new IllegalArgumentException("unterminated report");
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> castMap(Map<?, ?> map) {
		return (Map<String, Object>) map;
	}

	private void handle(HttpExchange exchange, Handler handler) throws IOException {
		try (exchange; InputStream in = exchange.getRequestBody()) {
			String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			int[] failure;
			synchronized (this) {
				failure = this.failures.poll();
			}
			Reply reply = (failure != null) ? Reply.problem(failure[0], "injected failure")
					: handler.handle(exchange, body);
			if (reply.status() == 503 || reply.status() == 429) {
				exchange.getResponseHeaders().add("Retry-After", "7");
			}
			if (reply.body() == null) {
				exchange.sendResponseHeaders(reply.status(), -1);
				return;
			}
			byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders()
				.add("Content-Type", (reply.status() >= 400) ? "application/problem+json" : "application/json");
			exchange.sendResponseHeaders(reply.status(), reply.chunked() ? 0 : bytes.length);
			exchange.getResponseBody().write(bytes);
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

	private interface Handler {

		Reply handle(HttpExchange exchange, String body);

	}

	private record Reply(int status, String body, boolean chunked) {

		Reply(int status, String body) {
			this(status, body, false);
		}

		static Reply problem(int status, String detail) {
			return new Reply(status, Json.write(
					Map.of("type", "about:blank", "title", "Error", "status", (long) status, "detail", detail), false));
		}

	}

	private static final class Host {

		private final String id;

		private long sequence;

		private String reportHash;

		private long desiredVersion;

		private List<Map<String, Object>> actions = List.of();

		Host(String id) {
			this.id = id;
		}

	}

}
