package dev.kfleet;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

@KfleetIntegrationTest
class KfleetApplicationIntegrationTests {

	@Autowired
	JdbcClient jdbc;

	@LocalServerPort
	int port;

	@Test
	void startsOnRealPostgresWithMigrationsApplied() {
		String version = this.jdbc.sql("select version()").query(String.class).single();
		assertThat(version).startsWith("PostgreSQL");
		Integer migrations = this.jdbc.sql("select count(*) from flyway_schema_history where success")
			.query(Integer.class)
			.single();
		assertThat(migrations).isGreaterThanOrEqualTo(2);
	}

	@Test
	void healthIsOpenAndReportsTheDatabaseToAnAuthenticatedCaller() {
		ApiClient api = new ApiClient(this.port);
		ApiResponse anonymous = api.get("/actuator/health");
		assertThat(anonymous.status()).isEqualTo(200);
		assertThat(anonymous.json().get("status").stringValue()).isEqualTo("UP");
		assertThat(anonymous.json().has("components")).isFalse();
		ApiResponse admin = api.as(KfleetIntegrationTest.ADMIN_TOKEN).get("/actuator/health");
		assertThat(admin.json().at("/components/db/status").stringValue()).isEqualTo("UP");
		assertThat(admin.json().at("/components/db/details/database").stringValue()).isEqualTo("PostgreSQL");
	}

	@Test
	void exposesPrometheusMetricsIncludingHttpServerRequests() {
		ApiClient api = new ApiClient(this.port);
		api.get("/actuator/health");
		ApiResponse metrics = api.get("/actuator/prometheus");
		assertThat(metrics.status()).isEqualTo(200);
		assertThat(metrics.body()).contains("http_server_requests_seconds_count")
			.contains("http_server_requests_seconds_bucket")
			.contains("hikaricp_connections_active")
			.contains("jvm_memory_used_bytes")
			.contains("kfleet_fleet_hosts{hvo=\"on\"}")
			.contains("kfleet_fleet_hvo_bytes{group=\"all\",kind=\"reclaimed\"}")
			.contains("kfleet_hosts_heartbeats_pending");
	}

	@Test
	void servesTheContractAndItsSwaggerUi() {
		ApiClient api = new ApiClient(this.port);
		ApiResponse contract = api.get("/openapi.yaml");
		assertThat(contract.status()).isEqualTo(200);
		assertThat(contract.contentType()).startsWith("application/yaml");
		assertThat(contract.body()).startsWith("openapi: 3.1");
		ApiResponse ui = api.get("/swagger-ui/");
		assertThat(ui.status()).isEqualTo(200);
		assertThat(ui.body()).contains("/webjars/swagger-ui/swagger-ui-bundle.js");
		assertThat(api.get("/swagger-ui/init.js").body()).contains("url: '/openapi.yaml'");
		assertThat(api.get("/webjars/swagger-ui/swagger-ui-bundle.js").status()).isEqualTo(200);
	}

}
