package dev.kfleet.agent.server;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.kfleet.agent.AgentVersion;
import dev.kfleet.agent.json.JsonException;
import dev.kfleet.agent.json.JsonReader;

/**
 * The agent API over HTTP ({@code java.net.http}, HTTP/1.1). One instance, and the one
 * {@link HttpClient} inside it, serves any number of threads: the daemon uses one, the
 * simulator shares one between thousands of virtual threads. Every request has a timeout;
 * errors come back as a {@link ServerException} of the right
 * {@link ServerException.Kind}. Secrets and tokens travel only in the
 * {@code Authorization} header and never appear in an exception.
 */
public final class AgentClient implements ServerClient {

	private final HttpClient http;

	private final String base;

	private final Duration requestTimeout;

	private final long maxResponseBytes;

	private final String userAgent = "kfleet-agent/" + AgentVersion.current();

	/** The longest response body read by default: 1 MiB. */
	public static final long DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;

	/**
	 * Creates a client that reads response bodies of at most
	 * {@link #DEFAULT_MAX_RESPONSE_BYTES}.
	 * @param http the HTTP client (see {@link #newHttpClient})
	 * @param server the service's base URL, such as {@code http://kfleet:8080}
	 * @param requestTimeout how long one request may take, from sending to the last byte
	 */
	public AgentClient(HttpClient http, URI server, Duration requestTimeout) {
		this(http, server, requestTimeout, DEFAULT_MAX_RESPONSE_BYTES);
	}

	/**
	 * Creates a client.
	 * @param http the HTTP client (see {@link #newHttpClient})
	 * @param server the service's base URL, such as {@code http://kfleet:8080}
	 * @param requestTimeout how long one request may take, from sending to the last byte
	 * @param maxResponseBytes the longest response body read; a longer one is a transient
	 * failure and is not read further
	 */
	public AgentClient(HttpClient http, URI server, Duration requestTimeout, long maxResponseBytes) {
		this.http = http;
		String url = server.toString();
		this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
		this.requestTimeout = requestTimeout;
		this.maxResponseBytes = maxResponseBytes;
	}

	/**
	 * Creates the HTTP client the agent uses: HTTP/1.1, no redirects, a connect timeout.
	 * @param connectTimeout how long a TCP connect may take
	 * @param executor runs the client's asynchronous work (the simulator passes a virtual
	 * thread executor); {@code null} for the JDK's default
	 * @return the client
	 */
	public static HttpClient newHttpClient(Duration connectTimeout, Executor executor) {
		HttpClient.Builder builder = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.followRedirects(HttpClient.Redirect.NEVER)
			.connectTimeout(connectTimeout);
		if (executor != null) {
			builder.executor(executor);
		}
		return builder.build();
	}

	/**
	 * Enrolls. A service older than the enrollment proof refuses the members it does not
	 * know ({@code hostToken}, {@code requestKey}: 400, "Unknown field"); it checks no
	 * proof either, so the attempt is made once more without them.
	 */
	@Override
	public Enrollment enroll(String enrollmentSecret, EnrollRequest request)
			throws ServerException, InterruptedException {
		HttpResponse<String> response = send(post("/agent/v1/enroll", enrollmentSecret, Wire.enrollBody(request)));
		if (Problems.unknownProofMembers(response)
				&& (request.hostToken().isPresent() || request.requestKey().isPresent())) {
			response = send(post("/agent/v1/enroll", enrollmentSecret, Wire.enrollBody(request.withoutProof())));
		}
		int status = response.statusCode();
		return switch (status) {
			case 200, 201 -> parse(response, (tree) -> Wire.enrollment(tree, status == 201));
			default -> throw Problems.failure(response);
		};
	}

	@Override
	public CheckInResponse checkIn(String hostToken, CheckInRequest request)
			throws ServerException, InterruptedException {
		HttpResponse<String> response = send(post("/agent/v1/check-in", hostToken, Wire.checkInBody(request)));
		if (response.statusCode() != 200) {
			throw Problems.failure(response);
		}
		return parse(response, Wire::checkInResponse);
	}

	@Override
	public void ping(String hostToken) throws ServerException, InterruptedException {
		HttpResponse<String> response = send(request("/agent/v1/ping", hostToken).GET().build());
		if (response.statusCode() != 204 && response.statusCode() != 200) {
			throw Problems.failure(response);
		}
	}

	private HttpRequest post(String path, String bearer, String body) {
		return request(path, bearer).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
	}

	private HttpRequest.Builder request(String path, String bearer) {
		return HttpRequest.newBuilder(URI.create(this.base + path))
			.timeout(this.requestTimeout)
			.header("Authorization", "Bearer " + bearer)
			.header("Accept", "application/json, application/problem+json")
			.header("User-Agent", this.userAgent);
	}

	/**
	 * Sends a request and reads the answer, all within the request timeout (the JDK's own
	 * timeout stops at the headers; a body that trickles in is cut off here too).
	 */
	private HttpResponse<String> send(HttpRequest request) throws ServerException, InterruptedException {
		CompletableFuture<HttpResponse<String>> exchange = this.http.sendAsync(request,
				CappedBody.handler(this.maxResponseBytes));
		try {
			return exchange.get(this.requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			exchange.cancel(true);
			throw ServerException.transientFailure("timed out: no whole answer within "
					+ this.requestTimeout.toSeconds() + " s (" + request.uri() + ")");
		}
		catch (InterruptedException ex) {
			exchange.cancel(true);
			throw ex;
		}
		catch (ExecutionException ex) {
			throw failure(request, ex.getCause());
		}
	}

	private ServerException failure(HttpRequest request, Throwable thrown) {
		Throwable cause = (thrown instanceof CompletionException && thrown.getCause() != null) ? thrown.getCause()
				: thrown;
		for (Throwable t = cause; t != null; t = (t.getCause() != t) ? t.getCause() : null) {
			if (t instanceof CappedBody.TooLargeException) {
				return ServerException.transientFailure("the answer from " + request.uri() + " is not the contract's: "
						+ t.getMessage() + " (the agent reads at most " + this.maxResponseBytes + ")");
			}
		}
		return switch (cause) {
			case HttpTimeoutException ex ->
				ServerException.transientFailure("timed out: " + ex.getMessage() + " (" + request.uri() + ")");
			case ConnectException ex ->
				ServerException.transientFailure("cannot connect to " + request.uri() + ": " + cause(ex));
			default -> ServerException.transientFailure("I/O error talking to " + request.uri() + ": " + cause(cause));
		};
	}

	private static <T> T parse(HttpResponse<String> response, java.util.function.Function<Object, T> reader)
			throws ServerException {
		try {
			return reader.apply(JsonReader.parse(response.body()));
		}
		catch (JsonException | Tree.MalformedException ex) {
			throw new ServerException(ServerException.Kind.TRANSIENT, response.statusCode(),
					"the response is not the contract's: " + ex.getMessage(), Optional.empty());
		}
	}

	/**
	 * The exception chain, each as its class and message: "ConnectException ←
	 * ClosedChannelException".
	 */
	private static String cause(Throwable ex) {
		StringBuilder chain = new StringBuilder();
		for (Throwable t = ex; t != null && chain.length() < 300; t = (t.getCause() != t) ? t.getCause() : null) {
			chain.append((chain.length() > 0) ? " ← " : "").append(t.getClass().getSimpleName());
			if (t.getMessage() != null) {
				chain.append(": ").append(t.getMessage());
			}
		}
		return chain.toString();
	}

}
