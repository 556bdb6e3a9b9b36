package dev.kfleet.agent.report;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The longest text a report member holds, in code points: the {@code maxLength} of the
 * member in the {@code HostReport} schema (for a map or an array, of each of its
 * strings). {@link ReportJson} writes a longer text cut to this length and records the
 * original length in the object's {@code truncated} member, so a report always validates
 * and says what it left out. Every text member of a report record has one; a test holds
 * them equal to the schema.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface MaxLength {

	/**
	 * Returns the longest length.
	 * @return code points
	 */
	int value();

}
