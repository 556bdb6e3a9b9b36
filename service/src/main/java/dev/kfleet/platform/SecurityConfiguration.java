package dev.kfleet.platform;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * The operator API needs a bearer token on every call; which role each operation needs is
 * declared on its handler with {@code @PreAuthorize} (checked by a test). The actuator's
 * health, info and Prometheus endpoints are open unless
 * {@code kfleet.security.public-actuator} is false. The contract, its Swagger UI and the
 * error page are open.
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
class SecurityConfiguration {

	@Bean
	static RoleHierarchy roleHierarchy() {
		return RoleHierarchyImpl.withDefaultRolePrefix()
			.role(Role.ADMIN.name())
			.implies(Role.OPERATOR.name())
			.role(Role.OPERATOR.name())
			.implies(Role.VIEWER.name())
			.build();
	}

	/**
	 * No observation per security filter and per authorization: at thousands of agent
	 * check-ins a second they cost an eighth of the service's CPU (measured with JFR) and
	 * tell nothing {@code http.server.requests} does not.
	 */
	@Bean
	static SecurityObservationSettings securityObservationSettings() {
		return SecurityObservationSettings.noObservations();
	}

	/**
	 * A request the firewall refuses before any chain (a path with {@code ;} or an
	 * encoded {@code /}, say) gets a 400 problem, not a 500.
	 */
	@Bean
	static RequestRejectedHandler requestRejectedHandler(ObjectProvider<Problems> problems) {
		return (request, response, ex) -> problems.getObject()
			.write(request, response, Problems.of(ApiProblem.INVALID_REQUEST, Problems.UNREADABLE_REQUEST));
	}

	@Bean
	@Order(1)
	SecurityFilterChain apiSecurity(HttpSecurity http, ApiTokenVerifier verifier, Problems problems, RateLimits limits)
			throws Exception {
		return stateless(http, problems).securityMatcher("/api/**")
			.addFilterBefore(operatorTokens(verifier, problems, limits), AuthorizationFilter.class)
			.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated())
			.build();
	}

	@Bean
	@Order(2)
	SecurityFilterChain actuatorSecurity(HttpSecurity http, ApiTokenVerifier verifier, Problems problems,
			SecurityProperties properties, RateLimits limits) throws Exception {
		return stateless(http, problems).securityMatcher(EndpointRequest.toAnyEndpoint())
			.addFilterBefore(operatorTokens(verifier, problems, limits), AuthorizationFilter.class)
			.authorizeHttpRequests((requests) -> {
				if (properties.publicActuator()) {
					requests.requestMatchers(EndpointRequest.to("health", "info", "prometheus")).permitAll();
				}
				requests.anyRequest().hasRole(Role.VIEWER.name());
			})
			.build();
	}

	@Bean
	@Order(100)
	SecurityFilterChain openSecurity(HttpSecurity http, Problems problems) throws Exception {
		return stateless(http, problems).authorizeHttpRequests((requests) -> requests.anyRequest().permitAll()).build();
	}

	private static BearerTokenFilter<ApiPrincipal> operatorTokens(ApiTokenVerifier verifier, Problems problems,
			RateLimits limits) {
		return new BearerTokenFilter<>(verifier::verify, (principal) -> principal.role().authority(), problems,
				limits.limiter(RateLimits.Api.OPERATOR, SecurityConfiguration::caller));
	}

	/** An API token by its id; the bootstrap token, which has none, by its name. */
	private static Object caller(ApiPrincipal principal) {
		return (principal.tokenId() != null) ? principal.tokenId() : "bootstrap:" + principal.name();
	}

	private static HttpSecurity stateless(HttpSecurity http, Problems problems) throws Exception {
		return StatelessSecurity.configure(http, problems);
	}

}
