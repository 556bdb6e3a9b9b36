package dev.kfleet.hosts;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import org.hibernate.validator.constraints.CodePointLength;

/**
 * The rules for what a machine says about itself, wherever it says it (registering a
 * host, enrolling an agent): one constraint annotation per fact.
 */
public final class HostFacts {

	private HostFacts() {
	}

	/** A machine id ({@code /etc/machine-id}): 1 to 128 letters, digits and . _ : - */
	@Documented
	@Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT })
	@Retention(RetentionPolicy.RUNTIME)
	@Constraint(validatedBy = {})
	@NotBlank
	@CodePointLength(max = 128)
	@Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._:-]*",
			message = "must be letters, digits and . _ : - starting with a letter or digit")
	public @interface MachineId {

		String message() default "invalid machine id";

		Class<?>[] groups() default {};

		Class<? extends Payload>[] payload() default {};

	}

	/** An RFC 1123 host name of at most 253 characters. */
	@Documented
	@Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT })
	@Retention(RetentionPolicy.RUNTIME)
	@Constraint(validatedBy = {})
	@NotBlank
	@CodePointLength(max = 253)
	@Pattern(regexp = "[A-Za-z0-9]([-A-Za-z0-9]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([-A-Za-z0-9]{0,61}[A-Za-z0-9])?)*",
			message = "must be an RFC 1123 host name")
	public @interface Hostname {

		String message() default "invalid host name";

		Class<?>[] groups() default {};

		Class<? extends Payload>[] payload() default {};

	}

	/**
	 * A kernel release ({@code uname -r}): printable ASCII without spaces; may be absent.
	 */
	@Documented
	@Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT })
	@Retention(RetentionPolicy.RUNTIME)
	@Constraint(validatedBy = {})
	@CodePointLength(max = 128)
	@Pattern(regexp = "[\\x21-\\x7e]+", message = "must be printable ASCII without spaces")
	public @interface KernelRelease {

		String message() default "invalid kernel release";

		Class<?>[] groups() default {};

		Class<? extends Payload>[] payload() default {};

	}

}
