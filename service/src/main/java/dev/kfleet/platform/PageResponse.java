package dev.kfleet.platform;

import java.util.List;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * One page of a list: its items, and the cursor of the next page ({@code null} on the
 * last page).
 *
 * @param <T> the item type
 * @param items the items of this page, in the list's stable order
 * @param nextCursor where the next page starts, or {@code null} when this is the last
 */
public record PageResponse<T>(List<T> items, @Nullable String nextCursor) {

	/**
	 * The page made of the first {@code limit} of {@code rows}, which holds up to
	 * {@code limit + 1} rows: one more than the page means there is a next page.
	 */
	public static <T> PageResponse<T> of(List<T> rows, int limit, String kind, Function<T, String> key) {
		if (rows.size() <= limit) {
			return new PageResponse<>(List.copyOf(rows), null);
		}
		List<T> page = List.copyOf(rows.subList(0, limit));
		return new PageResponse<>(page, Cursors.encode(kind, key.apply(page.getLast())));
	}

	public <R> PageResponse<R> map(Function<T, R> mapper) {
		return new PageResponse<>(this.items.stream().map(mapper).toList(), this.nextCursor);
	}

}
