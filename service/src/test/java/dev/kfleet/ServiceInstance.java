package dev.kfleet;

import java.util.HashMap;
import java.util.Map;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One more replica of the whole service, on its own random port, over a database the test
 * chooses: for tests that need several replicas, or a database they crash. The intervals
 * are as short as {@link KfleetIntegrationTest}'s; {@code properties} override them.
 */
public final class ServiceInstance implements AutoCloseable {

	private final ConfigurableApplicationContext context;

	private ServiceInstance(ConfigurableApplicationContext context) {
		this.context = context;
	}

	/**
	 * Starts a replica over {@code database} with these properties on top, and these
	 * configuration classes of the test beside the service's own.
	 */
	public static ServiceInstance start(TestDatabase database, Map<String, Object> properties,
			Class<?>... configurations) {
		Map<String, Object> all = new HashMap<>();
		all.put("spring.datasource.url", database.jdbcUrl());
		all.put("spring.datasource.username", database.username());
		all.put("spring.datasource.password", database.password());
		all.put("server.port", 0);
		all.put("spring.main.banner-mode", "off");
		all.put("kfleet.tokens.bootstrap-admin-token", KfleetIntegrationTest.ADMIN_TOKEN);
		all.put("kfleet.hosts.heartbeat-flush-interval", "300ms");
		all.put("kfleet.desired-state.refresh-interval", "300ms");
		all.put("kfleet.reports.fleet-metrics-interval", "500ms");
		all.put("kfleet.reports.gauge-refresh-interval", "200ms");
		all.put("kfleet.rollouts.gauge-interval", "500ms");
		all.put("kfleet.jobs.polling-interval", "200ms");
		// As in KfleetIntegrationTest: tests send far more than any caller should.
		for (String api : new String[] { "agent", "enroll", "operator" }) {
			all.put("kfleet.rate-limits." + api + "-burst", 1_000_000);
			all.put("kfleet.rate-limits." + api + "-requests-per-second", 1_000_000);
		}
		all.putAll(properties);
		Class<?>[] sources = new Class<?>[configurations.length + 1];
		sources[0] = KfleetApplication.class;
		System.arraycopy(configurations, 0, sources, 1, configurations.length);
		return new ServiceInstance(new SpringApplicationBuilder(sources).properties(all).run());
	}

	public int port() {
		return ((WebServerApplicationContext) this.context).getWebServer().getPort();
	}

	/** A client of this replica (checked against the contract), without a token. */
	public ApiClient client() {
		return new ApiClient(port());
	}

	public <T> T bean(Class<T> type) {
		return this.context.getBean(type);
	}

	@Override
	public void close() {
		this.context.close();
	}

}
