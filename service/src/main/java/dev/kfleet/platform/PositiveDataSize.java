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

import org.springframework.util.unit.DataSize;

/**
 * A {@link DataSize} property that must be set and larger than zero bytes (Bean
 * Validation and Hibernate Validator have no constraint for Spring's {@code DataSize}).
 */
@Documented
@Constraint(validatedBy = PositiveDataSize.Validator.class)
@Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT })
@Retention(RetentionPolicy.RUNTIME)
public @interface PositiveDataSize {

	String message() default "must be a size larger than 0 bytes, such as 512KB or 1MB";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

	/** Checks {@link PositiveDataSize}. */
	class Validator implements ConstraintValidator<PositiveDataSize, DataSize> {

		@Override
		public boolean isValid(@Nullable DataSize size, ConstraintValidatorContext context) {
			return size != null && size.toBytes() > 0;
		}

	}

}
