package dev.kfleet.platform;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates {@code Authorization: Bearer <token>} (RFC 6750). A request without the
 * header goes on anonymous (and is refused later where authentication is required); a
 * malformed header or an unknown token gets 401 at once; a caller over its rate limit
 * gets 429 with {@code Retry-After} ({@link RateLimits}).
 *
 * @param <P> the principal a token resolves to
 */
public class BearerTokenFilter<P> extends OncePerRequestFilter {

	private static final String PREFIX = "Bearer ";

	private final Function<String, Optional<P>> verifier;

	private final Function<P, String> authority;

	private final Problems problems;

	private final RateLimits.Limiter<P> limiter;

	private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

	public BearerTokenFilter(Function<String, Optional<P>> verifier, Function<P, String> authority, Problems problems,
			RateLimits.Limiter<P> limiter) {
		this.verifier = verifier;
		this.authority = authority;
		this.problems = problems;
		this.limiter = limiter;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String header = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (header == null) {
			chain.doFilter(request, response);
			return;
		}
		if (!header.regionMatches(true, 0, PREFIX, 0, PREFIX.length()) || header.length() == PREFIX.length()) {
			reject(request, response, "invalid_request", "The Authorization header must be 'Bearer <token>'");
			return;
		}
		Optional<P> principal;
		try {
			principal = this.verifier.apply(header.substring(PREFIX.length()).trim());
		}
		catch (RuntimeException ex) {
			if (!DatabaseFailures.isUnavailable(ex)) {
				throw ex;
			}
			response.setHeader(HttpHeaders.RETRY_AFTER, Problems.RETRY_AFTER_SECONDS);
			this.problems.write(request, response,
					Problems.of(ApiProblem.UNAVAILABLE, "The token cannot be checked: the database is unavailable"));
			return;
		}
		if (principal.isEmpty()) {
			reject(request, response, "invalid_token", "The bearer token is unknown, expired or revoked");
			return;
		}
		long retryAfter = this.limiter.retryAfterSeconds(principal.get());
		if (retryAfter > 0) {
			tooMany(request, response, retryAfter);
			return;
		}
		authenticate(principal.get());
		try {
			chain.doFilter(request, response);
		}
		finally {
			this.contexts.clearContext();
		}
	}

	private void authenticate(P principal) {
		SecurityContext context = this.contexts.createEmptyContext();
		context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(principal, null,
				List.of(new SimpleGrantedAuthority(this.authority.apply(principal)))));
		this.contexts.setContext(context);
	}

	private void tooMany(HttpServletRequest request, HttpServletResponse response, long retryAfter) throws IOException {
		response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter));
		this.problems.write(request, response, Problems.of(ApiProblem.TOO_MANY_REQUESTS,
				"This credential went over its rate limit; retry after " + retryAfter + " s"));
	}

	private void reject(HttpServletRequest request, HttpServletResponse response, String error, String detail)
			throws IOException {
		response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"kfleet\", error=\"" + error + "\"");
		this.problems.write(request, response, Problems.of(ApiProblem.UNAUTHENTICATED, detail));
	}

}
