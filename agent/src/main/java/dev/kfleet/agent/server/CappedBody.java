package dev.kfleet.agent.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body read into memory up to a limit: a longer one (declared by
 * {@code Content-Length} or found while reading) is refused with
 * {@link TooLargeException} and the rest is not read. The agent runs in a 16 MB heap, and
 * no answer of the contract comes near the limit.
 */
final class CappedBody implements HttpResponse.BodySubscriber<String> {

	private final long limit;

	private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

	private final CompletableFuture<String> body = new CompletableFuture<>();

	private Flow.Subscription subscription;

	private CappedBody(long limit) {
		this.limit = limit;
	}

	/**
	 * Returns a handler that reads bodies of at most {@code limit} bytes as UTF-8 text.
	 * @param limit the most bytes read
	 * @return the handler
	 */
	static HttpResponse.BodyHandler<String> handler(long limit) {
		return (info) -> {
			CappedBody subscriber = new CappedBody(limit);
			if (declared(info).orElse(0) > limit) {
				subscriber.body.completeExceptionally(new TooLargeException(limit));
			}
			return subscriber;
		};
	}

	private static OptionalLong declared(HttpResponse.ResponseInfo info) {
		try {
			return info.headers().firstValueAsLong("Content-Length");
		}
		catch (NumberFormatException ex) {
			return OptionalLong.empty();
		}
	}

	@Override
	public void onSubscribe(Flow.Subscription subscription) {
		this.subscription = subscription;
		if (this.body.isDone()) {
			subscription.cancel();
		}
		else {
			subscription.request(Long.MAX_VALUE);
		}
	}

	@Override
	public void onNext(List<ByteBuffer> buffers) {
		if (this.body.isDone()) {
			return;
		}
		for (ByteBuffer buffer : buffers) {
			if (this.bytes.size() + (long) buffer.remaining() > this.limit) {
				this.subscription.cancel();
				this.body.completeExceptionally(new TooLargeException(this.limit));
				return;
			}
			byte[] chunk = new byte[buffer.remaining()];
			buffer.get(chunk);
			this.bytes.write(chunk, 0, chunk.length);
		}
	}

	@Override
	public void onError(Throwable error) {
		this.body.completeExceptionally(error);
	}

	@Override
	public void onComplete() {
		this.body.complete(this.bytes.toString(StandardCharsets.UTF_8));
	}

	@Override
	public CompletionStage<String> getBody() {
		return this.body;
	}

	/**
	 * The body is longer than the agent reads.
	 */
	static final class TooLargeException extends IOException {

		TooLargeException(long limit) {
			super("the response body is larger than " + limit + " bytes");
		}

	}

}
