package dev.kfleet.agent.report;

import java.lang.invoke.CallSite;
import java.lang.invoke.LambdaMetafactory;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * How {@link ReportJson} reads a record's component: its name, a fast getter, its
 * {@link MaxLength} (0 for none) and whether it is {@link OmittedWhenEmpty}. Found once
 * per record type.
 *
 * @param name the component's name
 * @param getter reads the component
 * @param maxLength the longest text of the component, 0 when it holds none
 * @param omittedWhenEmpty an empty list is left out of the object
 */
record Accessor(String name, Function<Record, Object> getter, int maxLength, boolean omittedWhenEmpty) {

	private static final Map<Class<?>, List<Accessor>> ACCESSORS = new ConcurrentHashMap<>();

	Object get(Record rec) {
		return this.getter.apply(rec);
	}

	/**
	 * Returns the accessors of a record type, in component order.
	 * @param type the record type
	 * @return its accessors
	 * @throws IllegalStateException if a component is called {@code unknown} or
	 * {@code truncated}, or a text component of a report record has no {@link MaxLength}
	 */
	static List<Accessor> of(Class<?> type) {
		return ACCESSORS.computeIfAbsent(type, Accessor::find);
	}

	private static List<Accessor> find(Class<?> type) {
		List<Accessor> accessors = new ArrayList<>();
		for (RecordComponent component : type.getRecordComponents()) {
			if (component.getName().equals(ReportJson.UNKNOWN) || component.getName().equals(ReportJson.TRUNCATED)) {
				throw new IllegalStateException("A record component may not be called " + component.getName());
			}
			int maxLength = maxLength(type, component);
			accessors.add(new Accessor(component.getName(), getter(type, component), maxLength,
					component.isAnnotationPresent(OmittedWhenEmpty.class)));
		}
		return List.copyOf(accessors);
	}

	/**
	 * A component's accessor as a plain function: called like any interface method, and
	 * several times faster than a method handle that is not a constant.
	 */
	@SuppressWarnings("unchecked")
	private static Function<Record, Object> getter(Class<?> type, RecordComponent component) {
		try {
			MethodHandles.Lookup lookup = MethodHandles.lookup();
			MethodHandle accessor = lookup.unreflect(component.getAccessor());
			Class<?> result = MethodType.methodType(component.getType()).wrap().returnType();
			CallSite site = LambdaMetafactory.metafactory(lookup, "apply", MethodType.methodType(Function.class),
					MethodType.methodType(Object.class, Object.class), accessor, MethodType.methodType(result, type));
			return (Function<Record, Object>) site.getTarget().invokeExact();
		}
		catch (IllegalAccessException ex) {
			throw new IllegalStateException("Report records must be public: " + type.getName(), ex);
		}
		catch (Throwable ex) {
			throw new IllegalStateException("Cannot read the components of " + type.getName(), ex);
		}
	}

	/**
	 * The component's {@link MaxLength}; every component of a report record that holds
	 * text must have one. Records of other packages (action results) keep their own
	 * bounds.
	 */
	private static int maxLength(Class<?> type, RecordComponent component) {
		MaxLength max = component.getAnnotation(MaxLength.class);
		if (max != null) {
			return max.value();
		}
		boolean report = type.getPackageName().equals(Accessor.class.getPackageName());
		if (report && component.getGenericType().getTypeName().contains(String.class.getName())) {
			throw new IllegalStateException(
					"The text member " + type.getSimpleName() + "." + component.getName() + " needs a @MaxLength");
		}
		return 0;
	}

}
