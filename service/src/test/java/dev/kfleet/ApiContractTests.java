package dev.kfleet;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

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
