package dev.kfleet.hosts;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Map;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import org.jspecify.annotations.Nullable;

import dev.kfleet.platform.FieldViolation;

/**
 * The annotated map holds valid labels (see {@link Labels}); each problem is reported on
 * its own.
 */
@Documented
@Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT })
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = ValidLabels.Validator.class)
public @interface ValidLabels {

	String message() default "invalid labels";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

	/** Validates a map of labels. */
	class Validator implements ConstraintValidator<ValidLabels, Map<String, String>> {

		@Override
		public boolean isValid(@Nullable Map<String, String> labels, ConstraintValidatorContext context) {
			if (labels == null) {
				return true;
			}
			var problems = Labels.problems(labels);
			if (problems.isEmpty()) {
				return true;
			}
			context.disableDefaultConstraintViolation();
			for (FieldViolation problem : problems) {
				String field = problem.field();
				var violation = context.buildConstraintViolationWithTemplate(escape(problem.message()));
				if (field.startsWith("labels.")) {
					violation.addPropertyNode(field.substring("labels.".length())).addConstraintViolation();
				}
				else {
					violation.addConstraintViolation();
				}
			}
			return false;
		}

		private static String escape(String message) {
			return message.replace("\\", "\\\\").replace("{", "\\{").replace("}", "\\}").replace("$", "\\$");
		}

	}

}
