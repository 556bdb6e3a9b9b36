package dev.kfleet.platform;

import java.io.IOException;
import java.util.Comparator;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request bodies over their limit ({@code kfleet.api.max-request-size}, or a
 * module's {@link RequestSizeLimit} for its paths) with 413: at once when
 * {@code Content-Length} says so, and while reading when the body is chunked.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class RequestSizeLimitFilter extends OncePerRequestFilter {

	private final long defaultLimit;

	private final List<RequestSizeLimit> limits;

	private final Problems problems;

	RequestSizeLimitFilter(ApiProperties properties, List<RequestSizeLimit> limits, Problems problems) {
		this.defaultLimit = properties.maxRequestSize().toBytes();
		this.limits = limits.stream()
			.sorted(Comparator.comparingInt((RequestSizeLimit limit) -> limit.pathPrefix().length()).reversed())
			.toList();
		this.problems = problems;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long limit = limitFor(request.getRequestURI());
		if (request.getContentLengthLong() > limit) {
			response.setHeader("Connection", "close");
			this.problems.write(request, response,
					Problems.of(ApiProblem.PAYLOAD_TOO_LARGE, new RequestTooLargeException(limit).getMessage()));
			return;
		}
		chain.doFilter(new LimitedRequest(request, limit), response);
	}

	private long limitFor(String path) {
		for (RequestSizeLimit limit : this.limits) {
			if (path.startsWith(limit.pathPrefix())) {
				return limit.maxSize().toBytes();
			}
		}
		return this.defaultLimit;
	}

	private static final class LimitedRequest extends HttpServletRequestWrapper {

		private final long limit;

		private ServletInputStream stream;

		LimitedRequest(HttpServletRequest request, long limit) {
			super(request);
			this.limit = limit;
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			if (this.stream == null) {
				this.stream = new LimitedInputStream(super.getInputStream(), this.limit);
			}
			return this.stream;
		}

	}

	private static final class LimitedInputStream extends ServletInputStream {

		private final ServletInputStream delegate;

		private final long limit;

		private long count;

		LimitedInputStream(ServletInputStream delegate, long limit) {
			this.delegate = delegate;
			this.limit = limit;
		}

		@Override
		public int read() throws IOException {
			int b = this.delegate.read();
			if (b >= 0) {
				count(1);
			}
			return b;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int n = this.delegate.read(buffer, offset, length);
			if (n > 0) {
				count(n);
			}
			return n;
		}

		private void count(int n) throws RequestTooLargeException {
			this.count += n;
			if (this.count > this.limit) {
				throw new RequestTooLargeException(this.limit);
			}
		}

		@Override
		public boolean isFinished() {
			return this.delegate.isFinished();
		}

		@Override
		public boolean isReady() {
			return this.delegate.isReady();
		}

		@Override
		public void setReadListener(ReadListener listener) {
			this.delegate.setReadListener(listener);
		}

	}

}
