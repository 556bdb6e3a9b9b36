package dev.kfleet;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import dev.kfleet.platform.AuditedOperation;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The code serves exactly the operations {@code openapi.yaml} declares, and every
 * operator API handler says which role it needs.
 */
@KfleetIntegrationTest
class ApiContractTests {

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	RequestMappingHandlerMapping mappings;

	@Test
	void everyOperationInTheContractHasAHandlerAndEveryHandlerIsInTheContract() {
		assertThat(handledOperations()).isEqualTo(OpenApiContract.get().operations());
	}

	@Test
	void everyApiHandlerDeclaresTheRoleItNeeds() {
		this.mappings.getHandlerMethods().forEach((info, handler) -> {
			if (info.getPatternValues()
				.stream()
				.anyMatch((path) -> path.startsWith("/api/") || path.startsWith("/agent/"))) {
				assertThat(AnnotatedElementUtils.hasAnnotation(handler.getMethod(), PreAuthorize.class))
					.as("%s needs @PreAuthorize", handler)
					.isTrue();
			}
		});
	}

	/**
	 * Every operator handler that changes something is an {@link AuditedOperation} whose
	 * action is the one the contract names ({@code x-kfleet-audit-action}) and whose
	 * target is the path's id (when the path has one), so that a refusal is recorded
	 * under the action a success records (ADR 0040). No reading handler is one.
	 */
	@Test
	void everyMutatingOperatorHandlerIsAnAuditedOperationAsTheContractSays() {
		JsonNode paths = OpenApiContract.get().document().get("paths");
		List<String> checked = new ArrayList<>();
		this.mappings.getHandlerMethods().forEach((info, handler) -> {
			for (String path : info.getPatternValues()) {
				if (!path.startsWith("/api/")) {
					continue;
				}
				for (RequestMethod method : info.getMethodsCondition().getMethods()) {
					AuditedOperation audited = AnnotatedElementUtils.findMergedAnnotation(handler.getMethod(),
							AuditedOperation.class);
					JsonNode declared = paths.path(path).path(method.name().toLowerCase(Locale.ROOT));
					if (method == RequestMethod.GET) {
						assertThat(audited).as("%s %s reads; it is no audited operation", method, path).isNull();
						continue;
					}
					assertThat(audited).as("%s %s changes something: it needs @AuditedOperation", method, path)
						.isNotNull();
					assertThat(audited.action()).as("%s %s: x-kfleet-audit-action", method, path)
						.isEqualTo(declared.path("x-kfleet-audit-action").asString(""));
					assertThat(audited.targetIdVariable()).as("%s %s: the target is the path's id", method, path)
						.isEqualTo(path.contains("{id}") ? "id" : "");
					assertActionNamesAWordOrAPathVariable(method + " " + path, audited);
					checked.add(method + " " + path);
				}
			}
		});
		assertThat(checked).contains("POST /api/v1/hosts", "PUT /api/v1/hosts/{id}/desired-state",
				"DELETE /api/v1/tokens/{id}", "POST /api/v1/enrollment-requests/{id}/approve");
	}

	/**
	 * An action is {@code group.word}, or {@code group.{variable}} for a variable of the
	 * path, whose listed values each record a word.
	 */
	private static void assertActionNamesAWordOrAPathVariable(String operation, AuditedOperation audited) {
		String action = audited.action();
		if (!action.contains("{")) {
			assertThat(action).as(operation).matches("[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)+");
			assertThat(audited.variableActions()).as(operation).isEmpty();
			return;
		}
		assertThat(action).as(operation).matches("[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)*\\.\\{[a-zA-Z]+}");
		assertThat(operation).contains(action.substring(action.indexOf('{')));
		assertThat(audited.variableActions()).as(operation)
			.allMatch((pair) -> pair.matches("[a-z0-9-]+=[a-z][a-z0-9-]*"));
	}

	private Set<String> handledOperations() {
		Set<String> operations = new TreeSet<>();
		for (Map.Entry<RequestMappingInfo, HandlerMethod> mapping : this.mappings.getHandlerMethods().entrySet()) {
			RequestMappingInfo info = mapping.getKey();
			for (String path : info.getPatternValues()) {
				if (path.startsWith("/api/") || path.startsWith("/agent/")) {
					info.getMethodsCondition()
						.getMethods()
						.forEach((method) -> operations.add(method.name() + " " + path));
				}
			}
		}
		return operations;
	}

}
