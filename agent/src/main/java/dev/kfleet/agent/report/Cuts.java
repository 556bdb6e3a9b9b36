package dev.kfleet.agent.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where the members left out of a document's content
 * ({@link ReportJson.Written#content()}) sit in the text being written.
 */
final class Cuts {

	/** For writing with nothing left out: no member is ever cut. */
	static final Cuts NONE = new Cuts(new StringBuilder(0), Set.of());

	private final StringBuilder out;

	private final Map<Class<?>, Set<String>> leftOut = new HashMap<>();

	private final List<int[]> spans = new ArrayList<>();

	Cuts(StringBuilder out, Set<ReportJson.Member> leftOut) {
		this.out = out;
		leftOut.forEach(
				(member) -> this.leftOut.computeIfAbsent(member.type(), (type) -> new HashSet<>()).add(member.name()));
	}

	Set<String> membersOf(Class<?> type) {
		return this.leftOut.getOrDefault(type, Set.of());
	}

	int position() {
		return this.out.length();
	}

	/** Leaves out what was written since {@code start} (and any cut inside it). */
	void cut(int start) {
		this.spans.removeIf((span) -> span[0] >= start);
		this.spans.add(new int[] { start, this.out.length() });
	}

	/**
	 * The text without the spans. A span starts at the comma before its member; where the
	 * first members of an object are cut, the comma of the first member kept goes too.
	 * @param written what was written (copied from a {@link String}, not from the
	 * builder, which is copied one character at a time)
	 */
	String apply(String written) {
		StringBuilder content = new StringBuilder(written.length());
		int from = 0;
		for (int[] span : this.spans) {
			keep(content, written, from, span[0]);
			from = span[1];
		}
		keep(content, written, from, written.length());
		return content.toString();
	}

	private static void keep(StringBuilder content, String written, int start, int end) {
		if (start < end && written.charAt(start) == ',' && !content.isEmpty()
				&& content.charAt(content.length() - 1) == '{') {
			start++;
		}
		content.append(written, start, end);
	}

}
