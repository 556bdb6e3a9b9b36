package dev.kfleet.platform;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import org.jspecify.annotations.Nullable;

/**
 * The annotated string (a name, an id, a version) holds no control character: nothing in
 * U+0000–U+001F or U+007F (ADR 0027). Free text, which may hold tabs and line breaks,
 * does not carry it; U+0000 is refused everywhere anyway.
 */
@Documented
@Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE })
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = NoControlCharacters.Validator.class)
public @interface NoControlCharacters {

	String message() default "must not contain control characters (U+0000-U+001F, U+007F)";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

	/** Checks a string. */
	class Validator implements ConstraintValidator<NoControlCharacters, String> {

		@Override
		public boolean isValid(@Nullable String value, ConstraintValidatorContext context) {
			return value == null || !Text.containsControlCharacter(value);
		}

	}

}
