package dev.kfleet.platform.jsonschema;

import java.util.List;

import com.networknt.schema.Schema;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.kfleet.agents.AgentReports;

/**
 * What validating a report costs: the compiled schema against the general validator it
 * replaced (networknt), and, for scale, parsing the same report, in one run, interleaved.
 * Reports, never asserts:
 * {@code ./mvnw -B -pl service -am verify -Pbenchmarks -Dtest=ReportValidationBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("benchmark")
class ReportValidationBenchmark {

	static final int ROUNDS = 7;

	static final int ITERATIONS = 20_000;

	@Test
	void compiledSchemaAgainstTheGeneralValidator() {
		String text = AgentReports.report(AgentReports.VDUSE_TWO_DEVICES);
		JsonNode report = CompiledSchemaTests.JSON.readTree(text);
		CompiledSchema compiled = CompiledSchemaTests.COMPILED;
		Schema general = CompiledSchemaTests.REFERENCE;
		long sink = 0;
		double[] ratios = new double[ROUNDS];
		StringBuilder rows = new StringBuilder();
		for (int round = 0; round < ROUNDS; round++) {
			long t0 = System.nanoTime();
			for (int i = 0; i < ITERATIONS; i++) {
				sink += general.validate(report).size();
			}
			long t1 = System.nanoTime();
			for (int i = 0; i < ITERATIONS; i++) {
				sink += compiled.validate(report).size();
			}
			long t2 = System.nanoTime();
			for (int i = 0; i < ITERATIONS; i++) {
				sink += CompiledSchemaTests.JSON.readTree(text).size();
			}
			long t3 = System.nanoTime();
			ratios[round] = (double) (t1 - t0) / (t2 - t1);
			rows.append(String.format("| %d | %.1f | %.1f | %.1f | %.1f |%n", round + 1, micros(t1 - t0),
					micros(t2 - t1), micros(t3 - t2), ratios[round]));
		}
		List<Double> sorted = java.util.Arrays.stream(ratios).sorted().boxed().toList();
		System.out.printf("report of %d bytes (%s), %d validations per round (sink %d)%n", text.length(),
				AgentReports.VDUSE_TWO_DEVICES, ITERATIONS, sink);
		System.out.println("| round | general µs | compiled µs | parse µs | general / compiled |");
		System.out.println("|---:|---:|---:|---:|---:|");
		System.out.print(rows);
		System.out.printf("median general / compiled: %.1f%n", sorted.get(ROUNDS / 2));
	}

	private static double micros(long nanos) {
		return nanos / 1_000.0 / ITERATIONS;
	}

}
