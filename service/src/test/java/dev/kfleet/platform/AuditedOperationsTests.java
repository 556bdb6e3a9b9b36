package dev.kfleet.platform;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AuditedOperationsTests {

	@Test
	void aFixedActionIsTheAction() {
		assertThat(AuditedOperations.action(operation("decommission"), Map.of("id", "x")))
			.isEqualTo("host.decommissioned");
	}

	@Test
	void anActionEndingInAPathVariableTakesTheWordItsValueRecords() {
		AuditedOperation operate = operation("operate");
		assertThat(AuditedOperations.action(operate, Map.of("operation", "pause"))).isEqualTo("rollout.paused");
		assertThat(AuditedOperations.action(operate, Map.of("operation", "rollback")))
			.isEqualTo("rollout.rollback-started");
		assertThat(AuditedOperations.action(operate, Map.of("operation", "explode"))).as("a value not listed")
			.isEqualTo("rollout.unknown");
		assertThat(AuditedOperations.action(operate, Map.of())).isEqualTo("rollout.unknown");
	}

	@Test
	void withoutAListTheValueIsTheWordWhenItIsOne() {
		AuditedOperation act = operation("act");
		assertThat(AuditedOperations.action(act, Map.of("verb", "drain"))).isEqualTo("node.drain");
		for (String hostile : new String[] { "Drain", "a.b", "x y", "\u00e9", "a".repeat(33), "", "-a" }) {
			assertThat(AuditedOperations.action(act, Map.of("verb", hostile))).as(hostile).isEqualTo("node.unknown");
		}
	}

	private static AuditedOperation operation(String method) {
		try {
			return Handlers.class.getDeclaredMethod(method).getAnnotation(AuditedOperation.class);
		}
		catch (NoSuchMethodException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static class Handlers {

		@AuditedOperation(action = "host.decommissioned", targetType = "host", targetIdVariable = "id")
		void decommission() {
		}

		@AuditedOperation(action = "rollout.{operation}", targetType = "rollout", targetIdVariable = "id",
				variableActions = { "pause=paused", "resume=resumed", "rollback=rollback-started" })
		void operate() {
		}

		@AuditedOperation(action = "node.{verb}", targetType = "node")
		void act() {
		}

	}

}
