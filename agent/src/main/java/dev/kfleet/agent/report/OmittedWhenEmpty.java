package dev.kfleet.agent.report;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A list member that {@link ReportJson} leaves out of the object when it is empty: an
 * optional member of the contract that older readers do not know (the action results'
 * {@code modules}, which a service older than {@code vduse.load-modules} would refuse as
 * an unknown member, and which only that action fills).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface OmittedWhenEmpty {

}
