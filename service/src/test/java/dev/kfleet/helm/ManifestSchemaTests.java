package dev.kfleet.helm;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import dev.kfleet.helm.Chart.Rendered;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;

/**
 * Every manifest the chart renders, for every {@code ci/*-values.yaml} and for the oldest
 * and a current Kubernetes version the chart supports, is valid against the Kubernetes
 * API types strictly (unknown fields, wrong types and missing required fields are errors:
 * {@link KubernetesSchemas}, docs/adr/0048); and the check does reject such manifests.
 */
class ManifestSchemaTests {

	static Stream<Arguments> renders() {
		List<Arguments> renders = new ArrayList<>();
		for (String values : Chart.ciValues()) {
			for (String kubeVersion : List.of("1.25.0", Chart.KUBE_VERSION)) {
				renders.add(Arguments.of(values, kubeVersion));
			}
		}
		return renders.stream();
	}

	@ParameterizedTest(name = "ci/{0}-values.yaml on Kubernetes {1}")
	@MethodSource("renders")
	void everyRenderedManifestIsValidStrictly(String values, String kubeVersion) {
		Rendered rendered = Chart.render("kfleet", kubeVersion, Chart.ci(values));
		assertThat(rendered.documents()).isNotEmpty();
		for (JsonNode document : rendered.documents()) {
			assertThat(KubernetesSchemas.validate(document))
				.as("%s %s", document.path("kind").asString(), document.path("metadata").path("name").asString())
				.isEmpty();
		}
	}

	@Test
	void theCiValuesTogetherRenderEveryKindTheSchemasKnow() {
		List<String> kinds = new ArrayList<>();
		for (String values : Chart.ciValues()) {
			for (JsonNode document : Chart.render(values).documents()) {
				kinds.add(document.path("apiVersion").asString() + "/" + document.path("kind").asString());
			}
		}
		assertThat(kinds).as("a kind the schemas know but no ci values render is not checked")
			.containsAll(KubernetesSchemas.KINDS.keySet());
	}

	/**
	 * A mistake, by the JSON Pointer of the value it replaces (or adds), with the error
	 * it must raise.
	 */
	@ParameterizedTest(name = "{0} {1} = {2}")
	@CsvSource(delimiter = '|',
			textBlock = """
							DaemonSet      | /spec/template/spec/containers/0/securityContext/privilegd | true        | unknown field "privilegd" in V1SecurityContext
							DaemonSet      | /spec/template/spec/hostPid                                | true        | unknown field "hostPid" in V1PodSpec
					DaemonSet      | /spec/template/spec/hostPID                                | "yes"       | where the API has a boolean
					DaemonSet      | /spec/template/spec/containers/0/name                      | 7           | where the API has a string
					Deployment     | /spec/template/spec/containers/0/ports/0/containerPort     | 8080.5      | where the API has an integer (int32)
							DaemonSet      | /spec/template/spec/containers/0/volumeMounts/0/readOnly   | "true"      | where the API has a boolean
							DaemonSet      | /spec/template/spec/volumes/0/hostPath/type                | 1           | where the API has a string
							DaemonSet      | /spec/template/spec/containers/0/resources/limits/memory   | "128 MiB"   | is not a quantity
							DaemonSet      | /metadata/labels/team                                      | 7           | where the API has a string
							Deployment     | /spec/replicas                                             | "2"         | where the API has an integer (int32)
							Deployment     | /spec/replicas                                             | 2.5         | where the API has an integer (int32)
							Deployment     | /spec/replicas                                             | 4294967296  | where the API has an integer (int32)
							Deployment     | /spec/template/spec/containers/0/ports                     | {}          | where the API has an array
							Deployment     | /spec/template/spec/containers/0/env/0/value               | null        | null where the API has String
							Deployment     | /spec/strategy/rollingUpdate/maxSurge                      | true        | where the API has an integer or a string
							Deployment     | /spec/template/spec/containers/0/startupProbe/httpGet/port | [8080]      | where the API has an integer or a string
							Service        | /spec/ports/0/targetPort                                   | 1.5         | where the API has an integer or a string
							Service        | /spec/extra                                                | {}          | unknown field "extra" in V1ServiceSpec
							ConfigMap      | /data/kfleet-hvo.json                                      | {}          | where the API has a string
							ServiceMonitor | /spec/endpoints/0/intervall                                | "30s"       | unknown field "intervall" in Endpoint
							ServiceMonitor | /spec/endpoints/0/honorLabels                              | "yes"       | where the API has a boolean
							PrometheusRule | /spec/groups/0/rules/0/for                                 | 600         | where the API has a string
							PrometheusRule | /spec/groups/0/rule                                        | []          | unknown field "rule" in RuleGroup
							""")
	void rejectsUnknownFieldsAndWrongTypes(String kind, String pointer, String json, String error) {
		JsonNode manifest = Chart.render("apply-actions").one(kind).deepCopy();
		assertThat(KubernetesSchemas.validate(manifest)).as("the manifest before the mistake").isEmpty();
		put(manifest, pointer, HelmChartTests.JSON.readTree(json));
		assertThat(KubernetesSchemas.validate(manifest)).singleElement(STRING)
			.startsWith(pointer + ": ")
			.contains(error);
	}

	@Test
	void rejectsAManifestWithoutARequiredField() {
		ObjectNode daemonSet = (ObjectNode) Chart.render("default").one("DaemonSet").deepCopy();
		((ObjectNode) daemonSet.path("spec").path("template").path("spec").path("containers").path(0)).remove("name");
		((ObjectNode) daemonSet.path("spec")).remove("selector");
		assertThat(KubernetesSchemas.validate(daemonSet)).containsExactlyInAnyOrder(
				"/spec: missing required field \"selector\" of V1DaemonSetSpec",
				"/spec/template/spec/containers/0: missing required field \"name\" of V1Container");
	}

	@Test
	void rejectsAKindItHasNoSchemaFor() {
		ObjectNode deployment = (ObjectNode) Chart.render("default").one("Deployment").deepCopy();
		deployment.put("apiVersion", "apps/v1beta2");
		assertThat(KubernetesSchemas.validate(deployment)).singleElement(STRING)
			.contains("no schema for apiVersion apps/v1beta2, kind Deployment");
	}

	/** Sets the value at a JSON Pointer, adding the last segment if it is missing. */
	private static void put(JsonNode root, String pointer, JsonNode value) {
		int last = pointer.lastIndexOf('/');
		JsonNode parent = root.at(pointer.substring(0, last));
		String name = pointer.substring(last + 1);
		if (parent instanceof ArrayNode array) {
			array.set(Integer.parseInt(name), value);
		}
		else {
			assertThat(parent.isObject()).as("a parent at %s", pointer).isTrue();
			((ObjectNode) parent).set(name, value);
		}
	}

}
