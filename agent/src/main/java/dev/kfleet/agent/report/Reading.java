package dev.kfleet.agent.report;

import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A value the agent read from the kernel, or the reason it has none (the file is absent,
 * unreadable or garbled, or the value does not apply). In JSON a known reading is its
 * value; an unknown one is {@code null}, and the enclosing object's {@code unknown}
 * member maps the field name to the reason (see {@link ReportJson}). A text the agent
 * kept only the start of is {@link Truncated}: known, with its original length.
 *
 * @param <T> the type of the value
 */
public sealed interface Reading<T> permits Reading.Known, Reading.Unknown, Reading.Truncated {

	static <T> Reading<T> of(T value) {
		return new Known<>(value);
	}

	/**
	 * Returns a text of which only the start was kept: the report shows that start, and
	 * the original length beside it ({@link ReportJson}).
	 * @param start the text kept
	 * @param originalLength the length of the whole text, in code points
	 * @return the reading
	 */
	static Reading<String> truncated(String start, long originalLength) {
		return new Truncated(start, originalLength);
	}

	static <T> Reading<T> unknown(String reason) {
		return new Unknown<>(reason);
	}

	/**
	 * Combines two readings; the result is unknown with the first unknown reason.
	 * @param <A> the first type
	 * @param <B> the second type
	 * @param <R> the result type
	 * @param a the first reading
	 * @param b the second reading
	 * @param combiner combines two known values
	 * @return the combined reading
	 */
	static <A, B, R> Reading<R> combine(Reading<A> a, Reading<B> b, BiFunction<? super A, ? super B, R> combiner) {
		if (a instanceof Unknown<A>(String reason)) {
			return unknown(reason);
		}
		if (b instanceof Unknown<B>(String reason)) {
			return unknown(reason);
		}
		return of(combiner.apply(a.orElseThrow(), b.orElseThrow()));
	}

	boolean isKnown();

	/**
	 * Returns the value.
	 * @return the value
	 * @throws NoSuchElementException if this reading is unknown
	 */
	T orElseThrow();

	T orElse(T other);

	/**
	 * Returns the reason this reading is unknown.
	 * @return the reason, or empty if the value is known
	 */
	Optional<String> unknownReason();

	<R> Reading<R> map(Function<? super T, ? extends R> mapper);

	<R> Reading<R> flatMap(Function<? super T, Reading<R>> mapper);

	/**
	 * A known value.
	 *
	 * @param <T> the type of the value
	 * @param value the value, never {@code null}
	 */
	record Known<T>(T value) implements Reading<T> {

		public Known {
			Objects.requireNonNull(value, "value");
		}

		@Override
		public boolean isKnown() {
			return true;
		}

		@Override
		public T orElseThrow() {
			return this.value;
		}

		@Override
		public T orElse(T other) {
			return this.value;
		}

		@Override
		public Optional<String> unknownReason() {
			return Optional.empty();
		}

		@Override
		public <R> Reading<R> map(Function<? super T, ? extends R> mapper) {
			return new Known<>(mapper.apply(this.value));
		}

		@Override
		public <R> Reading<R> flatMap(Function<? super T, Reading<R>> mapper) {
			return mapper.apply(this.value);
		}

	}

	/**
	 * No value, and why.
	 *
	 * @param <T> the type the value would have
	 * @param reason why there is no value, never blank
	 */
	record Unknown<T>(String reason) implements Reading<T> {

		public Unknown {
			if (reason == null || reason.isBlank()) {
				throw new IllegalArgumentException("An unknown reading needs a reason");
			}
		}

		@Override
		public boolean isKnown() {
			return false;
		}

		@Override
		public T orElseThrow() {
			throw new NoSuchElementException(this.reason);
		}

		@Override
		public T orElse(T other) {
			return other;
		}

		@Override
		public Optional<String> unknownReason() {
			return Optional.of(this.reason);
		}

		@Override
		public <R> Reading<R> map(Function<? super T, ? extends R> mapper) {
			return new Unknown<>(this.reason);
		}

		@Override
		public <R> Reading<R> flatMap(Function<? super T, Reading<R>> mapper) {
			return new Unknown<>(this.reason);
		}

	}

	/**
	 * The start of a longer text: known, and the report says how long the whole was.
	 * Mapping it gives a plain known value.
	 *
	 * @param value the start kept, never {@code null}
	 * @param originalLength the length of the whole text in code points, longer than the
	 * start
	 */
	record Truncated(String value, long originalLength) implements Reading<String> {

		public Truncated {
			Objects.requireNonNull(value, "value");
		}

		@Override
		public boolean isKnown() {
			return true;
		}

		@Override
		public String orElseThrow() {
			return this.value;
		}

		@Override
		public String orElse(String other) {
			return this.value;
		}

		@Override
		public Optional<String> unknownReason() {
			return Optional.empty();
		}

		@Override
		public <R> Reading<R> map(Function<? super String, ? extends R> mapper) {
			return new Known<>(mapper.apply(this.value));
		}

		@Override
		public <R> Reading<R> flatMap(Function<? super String, Reading<R>> mapper) {
			return mapper.apply(this.value);
		}

	}

}
