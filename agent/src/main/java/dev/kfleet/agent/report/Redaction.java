package dev.kfleet.agent.report;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces values that look like secrets in command lines with {@value #MARKER} before
 * they reach a report: the kernel's command line and the back-end processes' command
 * lines, which operators read and which can hold a password or a token. The rules, word
 * by word (a word is an argument of a process, or a space-separated part of the kernel's
 * command line where double quotes group spaces):
 * <ul>
 * <li>{@code name=value} where the name looks secret (it contains, in any case,
 * {@code password}, {@code passwd}, {@code passphrase}, {@code pwd}, {@code secret},
 * {@code token}, {@code key}, {@code credential}, {@code auth} or {@code cookie}, so also
 * {@code db_password}, {@code apiKey}, {@code -Dssl.keyStorePassword}): the value;</li>
 * <li>an option {@code -name} or {@code --name} whose name looks secret, without
 * {@code =}: the next word, unless it is an option itself;</li>
 * <li>{@code Bearer x}, {@code Basic x}, and a header {@code Name: x} whose name looks
 * secret: {@code x};</li>
 * <li>the user information of a URL, {@code scheme://user:password@host}: everything
 * between {@code ://} and {@code @}.</li>
 * </ul>
 * An argument that holds spaces is looked at word by word too. When only the start of a
 * command line was read, its last word may be cut in two and is left out: its end could
 * have made it a secret.
 */
public final class Redaction {

	/** What a secret is replaced with. */
	public static final String MARKER = "<redacted>";

	private static final Pattern SECRET_NAME = Pattern
		.compile("(?i)pass(word|wd|phrase)|pwd|secret|token|key|credential|auth|cookie");

	private static final Pattern URL_USER = Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://)[^/?#\\s]*@");

	private Redaction() {
	}

	/**
	 * Redacts a command line such as the kernel's.
	 * @param commandLine the text
	 * @param cut whether the text is only the start of a longer one (its last word is
	 * then left out)
	 * @return the text with every secret replaced, its spacing kept
	 */
	public static String commandLine(String commandLine, boolean cut) {
		List<String> parts = split(commandLine);
		if (cut && parts.size() % 2 == 0) {
			parts = parts.subList(0, parts.size() - 1);
		}
		List<String> words = new ArrayList<>();
		for (int i = 1; i < parts.size(); i += 2) {
			words.add(parts.get(i));
		}
		List<String> redacted = words(words);
		StringBuilder line = new StringBuilder(commandLine.length());
		for (int i = 0; i < parts.size(); i++) {
			line.append((i % 2 == 0) ? parts.get(i) : redacted.get(i / 2));
		}
		return line.toString();
	}

	/**
	 * Redacts the arguments of a process and joins them with spaces.
	 * @param arguments the arguments ({@code /proc/<pid>/cmdline})
	 * @param cut whether these are only the first arguments read (the last one is then
	 * left out)
	 * @return the command line, every secret replaced
	 */
	public static String arguments(List<String> arguments, boolean cut) {
		List<String> kept = (cut && !arguments.isEmpty()) ? arguments.subList(0, arguments.size() - 1) : arguments;
		List<String> redacted = words(kept);
		StringBuilder line = new StringBuilder();
		for (String argument : redacted) {
			line.append(line.isEmpty() ? "" : " ")
				.append(argument.chars().anyMatch(Character::isWhitespace) ? commandLine(argument, false) : argument);
		}
		return line.toString();
	}

	/**
	 * Applies the rules to a list of words.
	 * @param words the words
	 * @return the words, secrets replaced
	 */
	static List<String> words(List<String> words) {
		List<String> out = new ArrayList<>(words.size());
		boolean redactNext = false;
		for (String word : words) {
			if (redactNext && !isOption(word) && !isScheme(word)) {
				out.add(MARKER);
				redactNext = false;
				continue;
			}
			redactNext = isScheme(word) || (secretName(word) && (isOption(word) || word.endsWith(":")));
			out.add(redactUrl(redactValue(word)));
		}
		return out;
	}

	private static String redactValue(String word) {
		int equals = word.indexOf('=');
		if (equals > 0 && SECRET_NAME.matcher(word.substring(0, equals)).find()) {
			return word.substring(0, equals + 1) + MARKER;
		}
		return word;
	}

	private static String redactUrl(String word) {
		Matcher matcher = URL_USER.matcher(word);
		return matcher.find() ? matcher.replaceAll("$1" + Matcher.quoteReplacement(MARKER) + "@") : word;
	}

	/** An option without {@code =} whose name looks secret takes the next word. */
	private static boolean secretName(String word) {
		return word.indexOf('=') < 0 && SECRET_NAME.matcher(word).find();
	}

	private static boolean isOption(String word) {
		return word.startsWith("-") && word.length() > 1;
	}

	private static boolean isScheme(String word) {
		return word.equalsIgnoreCase("bearer") || word.equalsIgnoreCase("basic");
	}

	/**
	 * Splits a command line into separators and words, alternately, starting with a
	 * (possibly empty) separator; an even number of parts ends with a word. Double quotes
	 * group spaces into a word, as the kernel parses its command line.
	 */
	private static List<String> split(String text) {
		List<String> parts = new ArrayList<>();
		StringBuilder current = new StringBuilder();
		boolean inWord = false;
		boolean quoted = false;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			boolean space = !quoted && Character.isWhitespace(c);
			if (space == inWord) {
				parts.add(current.toString());
				current.setLength(0);
				inWord = !inWord;
			}
			quoted ^= (c == '"');
			current.append(c);
		}
		parts.add(current.toString());
		return parts;
	}

}
