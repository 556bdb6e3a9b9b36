package dev.kfleet.agent.host;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import dev.kfleet.agent.report.Reading;

/**
 * Resolves host paths through symbolic links component by component, like the kernel's
 * path walk, but lexically under a root and with the kernel's limit of 40 links.
 */
final class LinkResolver {

	static final int MAX_LINKS = 40;

	private LinkResolver() {
	}

	static Reading<String> resolve(HostFiles files, String hostPath) {
		Deque<String> pending = new ArrayDeque<>(split(hostPath));
		List<String> resolved = new ArrayList<>();
		int links = 0;
		while (!pending.isEmpty()) {
			String part = pending.removeFirst();
			if (part.equals("..")) {
				if (!resolved.isEmpty()) {
					resolved.removeLast();
				}
				continue;
			}
			resolved.add(part);
			String current = join(resolved);
			if (!files.isLink(current)) {
				continue;
			}
			if (++links > MAX_LINKS) {
				return Reading.unknown("too many levels of symbolic links: " + hostPath);
			}
			Reading<String> target = files.readLink(current);
			if (!target.isKnown()) {
				return target;
			}
			String text = target.orElseThrow();
			resolved.removeLast();
			if (text.startsWith("/")) {
				resolved.clear();
			}
			List<String> targetParts = split(text);
			for (int i = targetParts.size() - 1; i >= 0; i--) {
				pending.addFirst(targetParts.get(i));
			}
		}
		return Reading.of(join(resolved));
	}

	private static List<String> split(String path) {
		List<String> parts = new ArrayList<>();
		for (String part : path.split("/")) {
			if (!part.isEmpty() && !part.equals(".")) {
				parts.add(part);
			}
		}
		return parts;
	}

	private static String join(List<String> parts) {
		return "/" + String.join("/", parts);
	}

}
