package dev.kfleet.rollouts;

/**
 * An enum constant with the name the API and the database use for it.
 */
interface Valued {

	/** The name in the API and the database. */
	String value();

	/** The constant of {@code type} named {@code value}; refused when there is none. */
	static <E extends Enum<E> & Valued> E of(Class<E> type, String value) {
		for (E constant : type.getEnumConstants()) {
			if (constant.value().equals(value)) {
				return constant;
			}
		}
		throw new IllegalArgumentException("Not a " + type.getSimpleName() + ": " + value);
	}

}
