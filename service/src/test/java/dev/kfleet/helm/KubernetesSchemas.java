package dev.kfleet.helm;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.google.gson.annotations.SerializedName;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.kubernetes.client.custom.QuantityFormatter;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import io.kubernetes.client.openapi.models.V1DaemonSet;
import io.kubernetes.client.openapi.models.V1Deployment;
import io.kubernetes.client.openapi.models.V1PodDisruptionBudget;
import io.kubernetes.client.openapi.models.V1Service;
import io.kubernetes.client.openapi.models.V1ServiceAccount;
import tools.jackson.databind.JsonNode;

/**
 * Checks a Kubernetes manifest strictly against the API types, as kubeconform's
 * {@code -strict} does (docs/adr/0048): an unknown field anywhere is an error, so is a
 * value of the wrong JSON type (a string where the API has an integer or a boolean, a
 * fraction where it has an int32, a malformed quantity or timestamp), a {@code null}, and
 * a missing required field.
 * <p>
 * The types are those generated from the API's own schemas: the built-in kinds from the
 * Kubernetes OpenAPI spec ({@code io.kubernetes:client-java-api}, whose models list their
 * JSON fields and required fields), the Prometheus Operator's kinds from its
 * {@code monitoring.coreos.com/v1} API ({@code io.fabric8:openshift-model-monitoring};
 * these models carry no required fields, so only names and types are checked for them). A
 * kind with no type here is an error, never skipped.
 */
final class KubernetesSchemas {

	/**
	 * The type of each kind the chart may render, by {@code apiVersion} and {@code kind}.
	 */
	static final Map<String, Class<?>> KINDS = Map.of("apps/v1/Deployment", V1Deployment.class, "apps/v1/DaemonSet",
			V1DaemonSet.class, "v1/Service", V1Service.class, "v1/ServiceAccount", V1ServiceAccount.class,
			"v1/ConfigMap", V1ConfigMap.class, "policy/v1/PodDisruptionBudget", V1PodDisruptionBudget.class,
			"monitoring.coreos.com/v1/ServiceMonitor", ServiceMonitor.class, "monitoring.coreos.com/v1/PrometheusRule",
			PrometheusRule.class);

	private static final Map<Class<?>, Model> MODELS = new ConcurrentHashMap<>();

	private KubernetesSchemas() {
	}

	/**
	 * Validates one manifest.
	 * @param document the manifest
	 * @return the violations, each as {@code <path>: <what is wrong>}; empty when valid
	 */
	static List<String> validate(JsonNode document) {
		List<String> errors = new ArrayList<>();
		String apiVersion = document.path("apiVersion").asString("");
		String kind = document.path("kind").asString("");
		Class<?> type = KINDS.get(apiVersion + "/" + kind);
		if (type == null) {
			errors.add("/: no schema for apiVersion " + apiVersion + ", kind " + kind + " (KubernetesSchemas.KINDS)");
			return errors;
		}
		check(document, type, "", errors);
		return errors;
	}

	private static void check(JsonNode node, Type type, String path, List<String> errors) {
		String where = path.isEmpty() ? "/" : path;
		if (node.isNull()) {
			errors.add(where + ": null where the API has " + describe(type));
			return;
		}
		if (type instanceof WildcardType wildcard) {
			check(node, wildcard.getUpperBounds()[0], path, errors);
			return;
		}
		if (type instanceof ParameterizedType parameterized) {
			Class<?> raw = (Class<?>) parameterized.getRawType();
			Type[] arguments = parameterized.getActualTypeArguments();
			if (Collection.class.isAssignableFrom(raw)) {
				if (!node.isArray()) {
					errors.add(where + ": " + kindOf(node) + " where the API has an array");
					return;
				}
				for (int i = 0; i < node.size(); i++) {
					check(node.get(i), arguments[0], path + "/" + i, errors);
				}
				return;
			}
			if (Map.class.isAssignableFrom(raw)) {
				if (!node.isObject()) {
					errors.add(where + ": " + kindOf(node) + " where the API has a map");
					return;
				}
				node.forEachEntry((key, value) -> check(value, arguments[1], path + "/" + escape(key), errors));
				return;
			}
			check(node, raw, path, errors);
			return;
		}
		Class<?> clazz = (Class<?>) type;
		String scalar = checkScalar(node, clazz);
		if (scalar != null) {
			if (!scalar.isEmpty()) {
				errors.add(where + ": " + scalar);
			}
			return;
		}
		if (!node.isObject()) {
			errors.add(where + ": " + kindOf(node) + " where the API has an object (" + clazz.getSimpleName() + ")");
			return;
		}
		Model model = MODELS.computeIfAbsent(clazz, Model::of);
		node.forEachEntry((name, value) -> {
			Type fieldType = model.fields().get(name);
			if (fieldType == null) {
				errors.add(path + "/" + escape(name) + ": unknown field \"" + name + "\" in " + clazz.getSimpleName());
			}
			else {
				check(value, fieldType, path + "/" + escape(name), errors);
			}
		});
		for (String required : model.required()) {
			if (!node.has(required)) {
				errors.add(where + ": missing required field \"" + required + "\" of " + clazz.getSimpleName());
			}
		}
	}

	/**
	 * Checks a value whose type is a scalar.
	 * @return null when the type is not a scalar (an object to descend into), "" when the
	 * value fits, else what is wrong
	 */
	private static String checkScalar(JsonNode node, Class<?> clazz) {
		String name = clazz.getSimpleName();
		if (clazz == String.class) {
			return node.isString() ? "" : kindOf(node) + " where the API has a string";
		}
		if (clazz == Integer.class || clazz == int.class) {
			return (node.isIntegralNumber() && node.canConvertToInt()) ? ""
					: kindOf(node) + " where the API has an integer (int32)";
		}
		if (clazz == Long.class || clazz == long.class) {
			return (node.isIntegralNumber() && node.canConvertToLong()) ? ""
					: kindOf(node) + " where the API has an integer (int64)";
		}
		if (clazz == Boolean.class || clazz == boolean.class) {
			return node.isBoolean() ? "" : kindOf(node) + " where the API has a boolean";
		}
		if (Number.class.isAssignableFrom(clazz) || clazz == double.class) {
			return node.isNumber() ? "" : kindOf(node) + " where the API has a number";
		}
		if (name.equals("IntOrString")) {
			return (node.isString() || (node.isIntegralNumber() && node.canConvertToInt())) ? ""
					: kindOf(node) + " where the API has an integer or a string";
		}
		if (name.equals("Quantity")) {
			if (node.isNumber()) {
				return "";
			}
			if (!node.isString()) {
				return kindOf(node) + " where the API has a quantity";
			}
			try {
				new QuantityFormatter().parse(node.asString());
				return "";
			}
			catch (RuntimeException ex) {
				return "\"" + node.asString() + "\" is not a quantity";
			}
		}
		if (clazz == OffsetDateTime.class) {
			if (!node.isString()) {
				return kindOf(node) + " where the API has a timestamp";
			}
			try {
				OffsetDateTime.parse(node.asString());
				return "";
			}
			catch (DateTimeParseException ex) {
				return "\"" + node.asString() + "\" is not an RFC 3339 timestamp";
			}
		}
		if (clazz == byte[].class) {
			if (!node.isString()) {
				return kindOf(node) + " where the API has base64 bytes";
			}
			try {
				Base64.getDecoder().decode(node.asString());
				return "";
			}
			catch (IllegalArgumentException ex) {
				return "not base64: " + ex.getMessage();
			}
		}
		if (clazz.isEnum()) {
			List<String> values = enumValues(clazz);
			return (node.isString() && values.contains(node.asString())) ? ""
					: node + " where the API has one of " + values;
		}
		if (clazz == Object.class) {
			// x-kubernetes-preserve-unknown-fields: any JSON value.
			return "";
		}
		return null;
	}

	private static List<String> enumValues(Class<?> clazz) {
		List<String> values = new ArrayList<>();
		for (Object constant : clazz.getEnumConstants()) {
			Enum<?> value = (Enum<?>) constant;
			try {
				Field field = clazz.getField(value.name());
				SerializedName serialized = field.getAnnotation(SerializedName.class);
				JsonProperty property = field.getAnnotation(JsonProperty.class);
				values.add((serialized != null) ? serialized.value()
						: (property != null) ? property.value() : String.valueOf(value));
			}
			catch (NoSuchFieldException ex) {
				throw new IllegalStateException(ex);
			}
		}
		return values;
	}

	private static String describe(Type type) {
		return (type instanceof Class<?> clazz) ? clazz.getSimpleName() : type.getTypeName();
	}

	private static String kindOf(JsonNode node) {
		if (node.isString()) {
			return "string \"" + node.asString() + "\"";
		}
		if (node.isNumber() || node.isBoolean()) {
			return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + " " + node;
		}
		return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
	}

	/** JSON Pointer escaping of one path segment (RFC 6901). */
	private static String escape(String segment) {
		return segment.replace("~", "~0").replace("/", "~1");
	}

	/**
	 * A generated model class: its JSON field names with their types, and its required
	 * fields.
	 */
	record Model(Map<String, Type> fields, Set<String> required) {

		static Model of(Class<?> clazz) {
			Map<String, Type> fields = new LinkedHashMap<>();
			for (Class<?> c = clazz; c != null && c != Object.class; c = c.getSuperclass()) {
				for (Field field : c.getDeclaredFields()) {
					if (Modifier.isStatic(field.getModifiers()) || field.isAnnotationPresent(JsonIgnore.class)) {
						continue;
					}
					SerializedName serialized = field.getAnnotation(SerializedName.class);
					JsonProperty property = field.getAnnotation(JsonProperty.class);
					String name = (serialized != null) ? serialized.value()
							: (property != null && !property.value().isEmpty()) ? property.value() : null;
					if (name != null) {
						fields.putIfAbsent(name, field.getGenericType());
					}
				}
			}
			if (fields.isEmpty()) {
				throw new IllegalStateException(clazz.getName() + " has no annotated JSON fields: not a model class");
			}
			return new Model(Map.copyOf(fields), Set.copyOf(required(clazz, fields.keySet())));
		}

		/**
		 * The client-java models' {@code openapiRequiredFields}, checked against their
		 * own fields; the fabric8 models have none.
		 */
		@SuppressWarnings("unchecked")
		private static Set<String> required(Class<?> clazz, Set<String> fields) {
			try {
				Field required = clazz.getField("openapiRequiredFields");
				Set<String> names = Set.copyOf((Collection<String>) required.get(null));
				if (!fields.containsAll(names)) {
					throw new IllegalStateException(clazz.getName() + " requires fields it does not have: " + names);
				}
				return names;
			}
			catch (NoSuchFieldException ex) {
				return Set.of();
			}
			catch (IllegalAccessException ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

}
