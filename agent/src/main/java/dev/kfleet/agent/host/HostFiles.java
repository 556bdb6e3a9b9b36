package dev.kfleet.agent.host;

import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import dev.kfleet.agent.report.Reading;

/**
 * The files of one host under a root directory ({@code /} on the host itself,
 * {@code /host} in a container, a capture folder in tests). Paths are host paths such as
 * {@code /proc/vmstat}. Symbolic links are read with {@code readlink} and resolved
 * lexically, never followed blindly: sysfs has loops, and an absolute target would leave
 * the root. Nothing here opens a device node or writes. No method throws for a missing,
 * unreadable or garbled file: it returns an unknown {@link Reading} with the reason.
 */
public final class HostFiles {

	/**
	 * Largest file read into memory whole: the kernel's text files are far smaller (a
	 * kernel configuration is about 300 KB), and the packaged agent has a 16 MB heap.
	 */
	static final int MAX_FILE_BYTES = 2 * 1024 * 1024;

	/** The longest file {@link #readHead} counts the end of. */
	static final long MAX_COUNTED_BYTES = 256L * 1024 * 1024;

	private static final Pattern DECIMAL = Pattern.compile("[0-9]{1,18}");

	private final Path root;

	public HostFiles(Path root) {
		this.root = root.toAbsolutePath().normalize();
	}

	/**
	 * Returns the root directory.
	 * @return the absolute root
	 */
	public Path root() {
		return this.root;
	}

	/**
	 * Returns the local path of a host path.
	 * @param hostPath an absolute host path such as {@code /proc/vmstat}
	 * @return the path under the root
	 */
	public Path local(String hostPath) {
		if (!hostPath.startsWith("/")) {
			throw new IllegalArgumentException("Not an absolute host path: " + hostPath);
		}
		return this.root.resolve(hostPath.substring(1));
	}

	/**
	 * Reads a whole file as text: UTF-8 without NUL bytes or control characters other
	 * than tab, line feed and carriage return ({@link Text}).
	 * @param hostPath the host path
	 * @return the content, or the reason it could not be read or is not text
	 */
	public Reading<String> read(String hostPath) {
		return readBytes(hostPath).flatMap((bytes) -> Text.decode(hostPath, bytes));
	}

	/**
	 * Reads a whole file.
	 * @param hostPath the host path
	 * @return the content, or the reason it could not be read
	 */
	public Reading<byte[]> readBytes(String hostPath) {
		return readHead(hostPath, MAX_FILE_BYTES, false)
			.flatMap((head) -> head.cut() ? Reading.unknown(hostPath + " is larger than " + MAX_FILE_BYTES + " bytes")
					: Reading.of(head.bytes()));
	}

	/**
	 * Reads the start of a file whose end the caller may do without: a free-form value
	 * such as a command line, which the report keeps only the start of. The rest is read
	 * only to be counted (up to {@value #MAX_COUNTED_BYTES} bytes), never kept.
	 * @param hostPath the host path
	 * @param keepBytes how many bytes to keep at most; fewer when the last character kept
	 * would be cut in two
	 * @return the start and how much was left out, or the reason it could not be read
	 */
	public Reading<Head> readHead(String hostPath, int keepBytes) {
		return readHead(hostPath, keepBytes, true);
	}

	private Reading<Head> readHead(String hostPath, int keepBytes, boolean countRest) {
		try (InputStream in = new FileInputStream(local(hostPath).toFile())) {
			return Reading.of(Head.read(in, keepBytes, countRest ? MAX_COUNTED_BYTES : 0));
		}
		catch (FileNotFoundException ex) {
			return Reading.unknown(whyNotReadable(hostPath, ex));
		}
		catch (Head.TooLongException ex) {
			return Reading.unknown(hostPath + " is larger than " + MAX_COUNTED_BYTES + " bytes");
		}
		catch (IOException | InvalidPathException ex) {
			return Reading.unknown(describe(hostPath, ex));
		}
	}

	private String whyNotReadable(String hostPath, FileNotFoundException ex) {
		try (InputStream in = Files.newInputStream(local(hostPath))) {
			return "unreadable: " + hostPath + ": " + ex.getMessage();
		}
		catch (IOException detailed) {
			return describe(hostPath, detailed);
		}
	}

	/**
	 * Reads a one-value file such as a sysfs attribute, without its trailing newline.
	 * @param hostPath the host path
	 * @return the trimmed content, or the reason it could not be read
	 */
	public Reading<String> readValue(String hostPath) {
		return read(hostPath).map(String::strip);
	}

	/**
	 * Reads a file that holds one non-negative decimal integer.
	 * @param hostPath the host path
	 * @return the number, or the reason it could not be read or parsed
	 */
	public Reading<Long> readCount(String hostPath) {
		return readValue(hostPath).flatMap((text) -> parseCount(hostPath, text));
	}

	/**
	 * Parses a non-negative decimal integer as the kernel prints it.
	 * @param where the file, for the reason
	 * @param text the text
	 * @return the number, or why the text is not one
	 */
	public static Reading<Long> parseCount(String where, String text) {
		if (!DECIMAL.matcher(text).matches()) {
			return Reading.unknown("garbled: " + where + " holds '" + abbreviate(text) + "', not a count");
		}
		return Reading.of(Long.parseLong(text));
	}

	/**
	 * Lists the names in a directory, sorted, without following a link at the end.
	 * @param hostPath the directory
	 * @return the names, or the reason the directory could not be listed
	 */
	public Reading<List<String>> list(String hostPath) {
		if (!isPath(hostPath)) {
			return Reading.unknown(notAPath(hostPath));
		}
		String[] names = local(hostPath).toFile().list();
		if (names == null) {
			return Reading.unknown(whyNotListable(hostPath));
		}
		Arrays.sort(names);
		return Reading.of(List.of(names));
	}

	private String whyNotListable(String hostPath) {
		try (DirectoryStream<Path> entries = Files.newDirectoryStream(local(hostPath))) {
			return "unreadable: " + hostPath + " could not be listed";
		}
		catch (IOException ex) {
			return describe(hostPath, ex);
		}
	}

	/**
	 * Tells whether a path exists, without following a link at the end.
	 * @param hostPath the host path
	 * @return whether something is there
	 */
	public boolean exists(String hostPath) {
		return isPath(hostPath) && Files.exists(local(hostPath), LinkOption.NOFOLLOW_LINKS);
	}

	/**
	 * Tells whether a path is a directory (a link to a directory is not one).
	 * @param hostPath the host path
	 * @return whether it is a real directory
	 */
	public boolean isDirectory(String hostPath) {
		return isPath(hostPath) && Files.isDirectory(local(hostPath), LinkOption.NOFOLLOW_LINKS);
	}

	/**
	 * Tells whether a path is a symbolic link.
	 * @param hostPath the host path
	 * @return whether it is a link
	 */
	public boolean isLink(String hostPath) {
		return isPath(hostPath) && Files.isSymbolicLink(local(hostPath));
	}

	/**
	 * Reads the target of a symbolic link, as {@code readlink} shows it.
	 * @param hostPath the link
	 * @return the target text, or the reason there is none
	 */
	public Reading<String> readLink(String hostPath) {
		try {
			return Reading.of(Files.readSymbolicLink(local(hostPath)).toString());
		}
		catch (IOException | UnsupportedOperationException | InvalidPathException ex) {
			return Reading.unknown(describe(hostPath, ex));
		}
	}

	/**
	 * Resolves a path through every symbolic link in it, lexically, as the kernel would,
	 * without leaving the root. Relative targets are joined to the link's directory;
	 * absolute targets are taken as host paths. Stops after 40 links (ELOOP).
	 * @param hostPath the host path
	 * @return the host path with no link left in it, or the reason it cannot be resolved
	 */
	public Reading<String> resolve(String hostPath) {
		return LinkResolver.resolve(this, hostPath);
	}

	/**
	 * Returns the basic attributes of a file, following links.
	 * @param hostPath the host path
	 * @return the attributes, or the reason they could not be read
	 */
	public Reading<BasicFileAttributes> attributes(String hostPath) {
		try {
			return Reading.of(Files.readAttributes(local(hostPath), BasicFileAttributes.class));
		}
		catch (IOException | InvalidPathException ex) {
			return Reading.unknown(describe(hostPath, ex));
		}
	}

	/**
	 * Tells whether a host path can name a file at all: a value read from the host (a
	 * kernel release in {@code /boot/config-<release>}) may hold what no path can.
	 */
	private boolean isPath(String hostPath) {
		try {
			local(hostPath);
			return true;
		}
		catch (InvalidPathException ex) {
			return false;
		}
	}

	private static String notAPath(String hostPath) {
		return "garbled: '" + abbreviate(hostPath) + "' is not a path";
	}

	static String describe(String hostPath, Exception ex) {
		return switch (ex) {
			case InvalidPathException invalid -> notAPath(hostPath);
			case NoSuchFileException missing -> "absent: " + hostPath;
			case AccessDeniedException denied -> "not readable (permission denied): " + hostPath;
			case NotDirectoryException notDirectory -> "not a directory: " + hostPath;
			default -> "unreadable: " + hostPath + ": " + ex.getClass().getSimpleName()
					+ ((ex.getMessage() != null) ? " " + ex.getMessage() : "");
		};
	}

	/**
	 * Shortens a text quoted in a reason to 40 characters, with its line breaks and
	 * control characters written as escapes.
	 * @param text the text
	 * @return the text as a reason may quote it
	 */
	public static String abbreviate(String text) {
		StringBuilder quoted = new StringBuilder();
		text.codePoints().limit(40).forEach((c) -> {
			if (c < 0x20 || c == 0x7f) {
				quoted.append((c == '\n') ? "\\n" : String.format(Locale.ROOT, "\\x%02x", c));
			}
			else {
				quoted.appendCodePoint(c);
			}
		});
		return (text.codePointCount(0, text.length()) <= 40) ? quoted.toString() : quoted + "...";
	}

}
