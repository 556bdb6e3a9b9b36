package dev.kfleet.platform;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;

/**
 * The shape every security chain of kfleet shares: stateless bearer-token APIs without
 * sessions, CSRF, forms or basic auth, whose 401 and 403 are problem documents.
 */
public final class StatelessSecurity {

	private StatelessSecurity() {
	}

	public static HttpSecurity configure(HttpSecurity http, Problems problems) throws Exception {
		return http.csrf(AbstractHttpConfigurer::disable)
			.httpBasic(AbstractHttpConfigurer::disable)
			.formLogin(AbstractHttpConfigurer::disable)
			.logout(AbstractHttpConfigurer::disable)
			.requestCache(AbstractHttpConfigurer::disable)
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.headers(Customizer.withDefaults())
			.exceptionHandling((exceptions) -> exceptions
				.authenticationEntryPoint((request, response, ex) -> unauthenticated(request, response, problems))
				.accessDeniedHandler((request, response, ex) -> problems.write(request, response,
						Problems.of(ApiProblem.FORBIDDEN, "The token's role does not allow this operation"))));
	}

	private static void unauthenticated(HttpServletRequest request, HttpServletResponse response, Problems problems)
			throws IOException {
		response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"kfleet\"");
		problems.write(request, response,
				Problems.of(ApiProblem.UNAUTHENTICATED, "This endpoint needs 'Authorization: Bearer <token>'"));
	}

}
