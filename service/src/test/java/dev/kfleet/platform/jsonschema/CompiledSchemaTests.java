package dev.kfleet.platform.jsonschema;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import dev.kfleet.OpenApiContract;
import dev.kfleet.agents.AgentReports;
import dev.kfleet.platform.FieldViolation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The compiled report schema against a general JSON Schema validator (networknt, the
 * reference): on real reports and on reports changed at a random place, both must agree
 * on whether the report is valid.
 */
class CompiledSchemaTests {

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final List<String> CAPTURES = List.of(AgentReports.HVO_OFF, AgentReports.HVO_ON_128,
			AgentReports.VDUSE_TWO_DEVICES, "linux-6.18-vm/d-hvo-on-128x2M-1x1G", "linux-6.18-vm/e-mixed-100off-50on",
			"linux-6.12-debian/03-vduse0-blk-on-virtio_vdpa", "linux-6.12-debian/00-boot-no-vdpa-modules",
			"linux-6.12-debian/12-hvo-on-64x2M-half-optimized");

	static final List<JsonNode> REPORTS = CAPTURES.stream().map((c) -> JSON.readTree(AgentReports.report(c))).toList();

	/** The schema of the document the service validates most: the agent's report. */
	static final String SCHEMA = "/components/schemas/HostReport";

	static final Schema REFERENCE = SchemaRegistry.withDialect(Dialects.getOpenApi31())
		.getSchema(SchemaLocation.of("classpath:static/openapi.yaml#" + SCHEMA));

	static final String BEYOND_INT64 = "18446744073709551616";

	static final CompiledSchema COMPILED = CompiledSchema.compile(OpenApiContract.get().document(), SCHEMA, "report",
			20);

	@Test
	void realReportsAreValid() {
		for (JsonNode report : REPORTS) {
			assertThat(REFERENCE.validate(report)).isEmpty();
			assertThat(COMPILED.validate(report)).isEmpty();
		}
	}

	@Property(tries = 2000)
	void agreesWithTheReferenceOnReportsChangedAtOnePlace(@ForAll @IntRange(max = 7) int capture,
			@ForAll @IntRange(max = 100_000) int place, @ForAll Change change, @ForAll("values") String value) {
		JsonNode report = REPORTS.get(capture).deepCopy();
		List<Place> places = new ArrayList<>();
		collect(report, null, "", null, -1, places);
		Place target = places.get(place % places.size());
		apply(target, change, JSON.readTree(value));
		boolean valid = REFERENCE.validate(report).isEmpty();
		List<FieldViolation> violations = COMPILED.validate(report);
		if (valid && BEYOND_INT64.equals(value)) {
			// The one rule the service adds: integers are int64 (ADR 0027).
			assertThat(violations).allSatisfy((violation) -> assertThat(violation.message()).contains("2^63"));
			return;
		}
		assertThat(violations.isEmpty())
			.as("valid per the reference: %s; compiled says %s; %s %s at %s", valid, violations, change, value,
					target.path())
			.isEqualTo(valid);
	}

	@Test
	void refusesIntegersBeyondInt64WhereTheSchemaWantsAnInteger() {
		ObjectNode report = (ObjectNode) REPORTS.get(1).deepCopy();
		((ObjectNode) report.at("/hvo/pools/0")).put("total", new java.math.BigInteger(BEYOND_INT64));
		((ObjectNode) report.at("/hvo/pools/0")).put("free", Long.MAX_VALUE);
		assertThat(REFERENCE.validate(report)).isEmpty();
		assertThat(COMPILED.validate(report)).containsExactly(
				new FieldViolation("report.hvo.pools[0].total", "must be an integer from -2^63 to 2^63-1"));
	}

	@Test
	void namesTheFieldAndWhatIsWrong() {
		ObjectNode report = (ObjectNode) REPORTS.get(1).deepCopy();
		((ObjectNode) report.get("hvo")).put("switchOn", "yes");
		((ObjectNode) report.get("kernel")).remove("release");
		((ObjectNode) report.at("/hvo/pools/0")).put("total", -1);
		report.put("extra", 1);
		assertThat(COMPILED.validate(report)).containsExactlyInAnyOrder(
				new FieldViolation("report.extra", "is not allowed"),
				new FieldViolation("report.kernel.release", "is required"),
				new FieldViolation("report.hvo.switchOn", "must be boolean or null"),
				new FieldViolation("report.hvo.pools[0].total", "must be at least 0"));
	}

	@Test
	void boundsNumbersBothWays() {
		JsonNode document = JSON.readTree(
				"""
						{"schemas": {"A": {"type": "object", "properties": {"n": {"type": "integer", "minimum": 1, "maximum": 3}}}}}""");
		CompiledSchema schema = CompiledSchema.compile(document, "/schemas/A", "a", 5);
		assertThat(schema.validate(JSON.readTree("{\"n\": 3}"))).isEmpty();
		assertThat(schema.validate(JSON.readTree("{\"n\": 4}")))
			.containsExactly(new FieldViolation("a.n", "must be at most 3"));
		assertThat(schema.validate(JSON.readTree("{\"n\": 0}")))
			.containsExactly(new FieldViolation("a.n", "must be at least 1"));
		assertThat(schema.validate(JSON.readTree("{\"n\": 123456789012345678901234567890}")))
			.contains(new FieldViolation("a.n", "must be at most 3"));
	}

	@Test
	void reportsAtMostTheGivenNumberOfViolations() {
		CompiledSchema schema = CompiledSchema.compile(OpenApiContract.get().document(), SCHEMA, "report", 3);
		ObjectNode report = JSON.createObjectNode();
		for (int i = 0; i < 10; i++) {
			report.put("extra" + i, i);
		}
		assertThat(schema.validate(report)).hasSize(3);
	}

	@Test
	void refusesKeywordsItDoesNotCheck() {
		JsonNode document = JSON.readTree(
				"""
						{"schemas": {"A": {"type": "object", "properties": {"n": {"type": "integer", "exclusiveMaximum": 3}}}}}""");
		assertThatIllegalArgumentException().isThrownBy(() -> CompiledSchema.compile(document, "/schemas/A", "a", 5))
			.withMessageContaining("exclusiveMaximum");
		JsonNode dangling = JSON.readTree("{\"schemas\": {\"A\": {\"$ref\": \"#/schemas/B\"}}}");
		assertThatIllegalArgumentException().isThrownBy(() -> CompiledSchema.compile(dangling, "/schemas/A", "a", 5))
			.withMessageContaining("/schemas/B");
	}

	@Test
	void followsRecursiveReferences() {
		JsonNode document = JSON.readTree(
				"""
						{"schemas": {"Tree": {"type": "object", "additionalProperties": false,
						  "properties": {"name": {"type": "string"}, "children": {"type": "array", "items": {"$ref": "#/schemas/Tree"}}}}}}""");
		CompiledSchema schema = CompiledSchema.compile(document, "/schemas/Tree", "tree", 5);
		assertThat(schema.validate(JSON.readTree("{\"name\":\"a\",\"children\":[{\"name\":\"b\",\"children\":[]}]}")))
			.isEmpty();
		assertThat(schema.validate(JSON.readTree("{\"children\":[{\"children\":[{\"name\":1}]}]}")))
			.containsExactly(new FieldViolation("tree.children[0].children[0].name", "must be string"));
	}

	enum Change {

		REPLACE, REMOVE, ADD_MEMBER, APPEND

	}

	@Provide
	Arbitrary<String> values() {
		return Arbitraries.of("null", "true", "false", "0", "-1", "1", "1.0", "1.5", "1e3", "1023", "1024",
				"9223372036854775807", BEYOND_INT64, "\"\"", "\"x\"", "\"hugepages-2048kB\"", "\"hugepages-2048\"",
				"\"CONFIG_X\"", "\"config_x\"", "\"y\"", "\"1:2\"", "\"virtio0\"", "\"blocking\"", "\"no-config\"",
				"\"exact\"", "\"absent\"", "\"2026-11-27T10:00:00Z\"", "\"not a date\"", "{}", "[]", "{\"a\":\"b\"}",
				"[1]", "[null]", "{\"supported\":\"absent\"}", "{\"switchOn\":\"\"}");
	}

	private static void apply(Place target, Change change, JsonNode value) {
		JsonNode node = target.node();
		switch (change) {
			case REPLACE -> replace(target, value);
			case REMOVE -> {
				if (target.parent() instanceof ObjectNode object) {
					object.remove(target.name());
				}
				else if (target.parent() instanceof ArrayNode array) {
					array.remove(target.index());
				}
			}
			case ADD_MEMBER -> {
				if (node instanceof ObjectNode object) {
					object.set(Stream.of("unknown", "extra", "total", "supported", "CONFIG_Y", "release")
						.filter((name) -> !object.has(name))
						.findFirst()
						.orElse("zzz"), value);
				}
				else {
					replace(target, value);
				}
			}
			case APPEND -> {
				if (node instanceof ArrayNode array) {
					array.add(value);
				}
				else {
					replace(target, value);
				}
			}
		}
	}

	private static void replace(Place target, JsonNode value) {
		if (target.parent() instanceof ObjectNode object) {
			object.set(target.name(), value);
		}
		else if (target.parent() instanceof ArrayNode array) {
			array.set(target.index(), value);
		}
	}

	private static void collect(JsonNode node, JsonNode parent, String parentPath, String name, int index,
			List<Place> places) {
		String path = (parent == null) ? "" : parentPath + "/" + ((name != null) ? name : index);
		places.add(new Place(node, parent, name, index, path));
		if (node.isObject()) {
			for (String member : List.copyOf(node.propertyNames())) {
				collect(node.get(member), node, path, member, -1, places);
			}
		}
		else if (node.isArray()) {
			for (int i = 0; i < node.size(); i++) {
				collect(node.get(i), node, path, null, i, places);
			}
		}
	}

	record Place(JsonNode node, JsonNode parent, String name, int index, String path) {
	}

}
