package dev.kfleet.agents;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;

import dev.kfleet.platform.BearerTokenFilter;
import dev.kfleet.platform.Problems;
import dev.kfleet.platform.RateLimits;
import dev.kfleet.platform.RequestSizeLimit;
import dev.kfleet.platform.StatelessSecurity;

/**
 * The agent API has its own credentials, apart from the operator API's: an enrollment
 * secret for {@code /agent/v1/enroll}, the host's own token for everything else under
 * {@code /agent/}. Its bodies carry reports, so it has its own size limit.
 */
@Configuration(proxyBeanMethods = false)
class AgentSecurityConfiguration {

	static final String ENROLLER = "ROLE_ENROLLER";

	static final String HOST = "ROLE_HOST";

	@Bean
	@Order(3)
	SecurityFilterChain enrollSecurity(HttpSecurity http, EnrollmentSecrets secrets, Problems problems,
			RateLimits limits) throws Exception {
		return StatelessSecurity.configure(http, problems)
			.securityMatcher("/agent/v1/enroll")
			.addFilterBefore(
					new BearerTokenFilter<>(secrets::verify, (principal) -> ENROLLER, problems,
							limits.limiter(RateLimits.Api.ENROLL, EnrollmentPrincipal::secretId)),
					AuthorizationFilter.class)
			.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated())
			.build();
	}

	@Bean
	@Order(4)
	SecurityFilterChain agentSecurity(HttpSecurity http, HostTokens tokens, Problems problems, RateLimits limits)
			throws Exception {
		return StatelessSecurity.configure(http, problems)
			.securityMatcher("/agent/**")
			.addFilterBefore(new BearerTokenFilter<>(tokens::verify, (principal) -> HOST, problems,
					limits.limiter(RateLimits.Api.AGENT, HostPrincipal::hostId)), AuthorizationFilter.class)
			.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated())
			.build();
	}

	@Bean
	RequestSizeLimit agentRequestSizeLimit(AgentsProperties properties) {
		return new RequestSizeLimit("/agent/", properties.maxRequestSize());
	}

}
