package dev.kfleet.agent.kernel;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.kfleet.agent.host.HostFiles;
import dev.kfleet.agent.report.Reading;

/**
 * The numeric part of a kernel release, such as 6.18.44 in {@code 6.18.44-fc-v595}.
 *
 * @param major the major version
 * @param minor the minor version
 * @param patch the patch level (0 when the release has none)
 */
public record KernelVersion(int major, int minor, int patch) implements Comparable<KernelVersion> {

	private static final Pattern RELEASE = Pattern.compile("^(\\d{1,4})\\.(\\d{1,4})(?:\\.(\\d{1,6}))?");

	/**
	 * Parses the leading version of a release string.
	 * @param release the release, as {@code uname -r} prints it
	 * @return the version, or why the release has none
	 */
	public static Reading<KernelVersion> parse(String release) {
		Matcher matcher = RELEASE.matcher(release);
		if (!matcher.find()) {
			return Reading.unknown("garbled: the kernel release '" + HostFiles.abbreviate(release)
					+ "' does not start with a version");
		}
		int patch = (matcher.group(3) != null) ? Integer.parseInt(matcher.group(3)) : 0;
		return Reading
			.of(new KernelVersion(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)), patch));
	}

	/**
	 * Tells whether this version is at least {@code major.minor}.
	 * @param major the major version
	 * @param minor the minor version
	 * @return whether this version is that one or later
	 */
	public boolean atLeast(int major, int minor) {
		return compareTo(new KernelVersion(major, minor, 0)) >= 0;
	}

	@Override
	public int compareTo(KernelVersion other) {
		int result = Integer.compare(this.major, other.major);
		result = (result != 0) ? result : Integer.compare(this.minor, other.minor);
		return (result != 0) ? result : Integer.compare(this.patch, other.patch);
	}

	@Override
	public String toString() {
		return this.major + "." + this.minor + "." + this.patch;
	}

}
