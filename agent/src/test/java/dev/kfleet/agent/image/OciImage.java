package dev.kfleet.agent.image;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.kfleet.agent.json.JsonReader;

/**
 * An OCI image tarball as Jib writes it, unpacked with {@code umoci} into a root file
 * system, and its entrypoint started in that root the way a container runtime would: the
 * image's own Entrypoint, Cmd, Env, WorkingDir and User, in a new mount and PID namespace
 * ({@code unshare --root --wd --mount-proc --setuid --setgid}) with the device nodes a
 * runtime creates. Needs root, {@code umoci} and util-linux's {@code unshare}. The
 * service module's image test uses it too, from the agent's test jar.
 *
 * @author kfleet
 */
public final class OciImage implements AutoCloseable {

	private final Path work;

	private final Path rootfs;

	private final Map<?, ?> config;

	private OciImage(Path work, Path rootfs, Map<?, ?> config) {
		this.work = work;
		this.rootfs = rootfs;
		this.config = config;
	}

	/** Why images cannot be run on this machine, or {@code null} when they can. */
	public static String cannotRunHere() throws IOException {
		if (!"root".equals(System.getProperty("user.name"))) {
			return "not root: unshare --root and --setuid need root";
		}
		for (String tool : List.of("umoci", "unshare", "mknod", "tar")) {
			if (exec(List.of("sh", "-c", "command -v \"$0\"", tool), Map.of(), 1).code() != 0) {
				return "no " + tool + " on this machine (apt-get install umoci util-linux; .ci/run does)";
			}
		}
		return null;
	}

	public static OciImage unpack(Path tarball) throws IOException {
		Path work = Files.createTempDirectory("kfleet-image-it");
		Path layout = Files.createDirectories(work.resolve("layout"));
		check(exec(List.of("tar", "-xf", tarball.toString(), "-C", layout.toString()), Map.of(), 5));
		Map<?, ?> index = json(layout.resolve("index.json"));
		Map<?, ?> manifestDescriptor = (Map<?, ?>) ((List<?>) index.get("manifests")).getFirst();
		String ref = (String) ((Map<?, ?>) manifestDescriptor.get("annotations"))
			.get("org.opencontainers.image.ref.name");
		Map<?, ?> manifest = json(blob(layout, (String) manifestDescriptor.get("digest")));
		Map<?, ?> config = json(blob(layout, (String) ((Map<?, ?>) manifest.get("config")).get("digest")));
		Path bundle = work.resolve("bundle");
		check(exec(List.of("umoci", "unpack", "--image", layout + ":" + ref, bundle.toString()), Map.of(), 5));
		Path rootfs = bundle.resolve("rootfs");
		// What a container runtime provides: /proc (unshare mounts it) and a few device
		// nodes.
		Files.createDirectories(rootfs.resolve("proc"));
		Files.createDirectories(rootfs.resolve("dev"));
		for (String node : List.of("null 1 3", "zero 1 5", "random 1 8", "urandom 1 9")) {
			String[] parts = node.split(" ");
			check(exec(List.of("mknod", "-m", "666", rootfs.resolve("dev/" + parts[0]).toString(), "c", parts[1],
					parts[2]), Map.of(), 1));
		}
		return new OciImage(work, rootfs, (Map<?, ?>) config.get("config"));
	}

	public Path rootfs() {
		return this.rootfs;
	}

	public List<String> entrypoint() {
		return strings(this.config.get("Entrypoint"));
	}

	public List<String> cmd() {
		return strings(this.config.get("Cmd"));
	}

	public String user() {
		return (String) this.config.get("User");
	}

	public String workingDir() {
		Object dir = this.config.get("WorkingDir");
		return (dir == null || "".equals(dir)) ? "/" : (String) dir;
	}

	public Map<String, String> env() {
		Map<String, String> env = new LinkedHashMap<>();
		for (String entry : strings(this.config.get("Env"))) {
			int equals = entry.indexOf('=');
			env.put(entry.substring(0, equals), entry.substring(equals + 1));
		}
		return env;
	}

	/**
	 * The executable regular files (links not followed) outside the Java runtime
	 * ({@code /opt/java/openjdk}) that are not shared objects: none in an image whose
	 * only program is the JVM.
	 */
	public List<String> programsOutsideTheJavaRuntime() throws IOException {
		try (Stream<Path> files = Files.walk(this.rootfs)) {
			return files.filter((file) -> Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS))
				.filter(Files::isExecutable)
				.map(this::inImage)
				.filter(OciImage::outsideTheJavaRuntimeAndNotASharedObject)
				.sorted()
				.toList();
		}
	}

	/**
	 * The symbolic links outside the Java runtime that are not shared objects, each with
	 * the path it points to in the image (a relative target resolved from the link's
	 * directory), by path.
	 */
	public Map<String, String> linksOutsideTheJavaRuntime() throws IOException {
		Map<String, String> links = new TreeMap<>();
		try (Stream<Path> files = Files.walk(this.rootfs)) {
			for (Path link : files.filter(Files::isSymbolicLink).toList()) {
				String path = inImage(link);
				if (outsideTheJavaRuntimeAndNotASharedObject(path)) {
					Path target = Path.of(path).resolveSibling(Files.readSymbolicLink(link)).normalize();
					links.put(path, target.toString());
				}
			}
		}
		return links;
	}

	private String inImage(Path file) {
		return "/" + this.rootfs.relativize(file);
	}

	/**
	 * Also leaves out /tmp, where the tests put their files (it is empty in the image).
	 */
	private static boolean outsideTheJavaRuntimeAndNotASharedObject(String path) {
		return !path.startsWith("/opt/java/openjdk/") && !path.startsWith("/tmp/")
				&& !path.matches(".*\\.so(\\.\\d+)*");
	}

	public Map<String, String> labels() {
		Map<String, String> labels = new LinkedHashMap<>();
		((Map<?, ?>) this.config.get("Labels")).forEach((k, v) -> labels.put((String) k, (String) v));
		return labels;
	}

	/**
	 * Runs the entrypoint with {@code args} (the image's Cmd when null) inside the image,
	 * as the image's user, with the image's environment and {@code extraEnv}.
	 */
	public Result run(List<String> args, Map<String, String> extraEnv, int timeoutMinutes) throws IOException {
		return exec(command(args), environment(extraEnv), timeoutMinutes);
	}

	/**
	 * Runs another program of the image instead of the entrypoint, as {@link #run} runs
	 * the entrypoint: as the image's user, with the image's environment.
	 */
	public Result runProgram(List<String> command, int timeoutMinutes) throws IOException {
		return exec(inNamespaces(command), environment(Map.of()), timeoutMinutes);
	}

	/** Starts the entrypoint as {@link #run} does, without waiting for it. */
	public Process start(List<String> args, Map<String, String> extraEnv, Path log) throws IOException {
		ProcessBuilder builder = new ProcessBuilder(command(args)).redirectErrorStream(true)
			.redirectOutput(log.toFile());
		builder.environment().clear();
		builder.environment().putAll(environment(extraEnv));
		return builder.start();
	}

	private List<String> command(List<String> args) {
		List<String> program = new ArrayList<>(entrypoint());
		program.addAll((args != null) ? args : cmd());
		return inNamespaces(program);
	}

	private List<String> inNamespaces(List<String> program) {
		String[] user = user().split(":");
		List<String> command = new ArrayList<>(
				List.of("unshare", "--mount", "--pid", "--kill-child", "--root=" + this.rootfs, "--wd=" + workingDir(),
						"--mount-proc", "--setgid", user[1], "--setuid", user[0], "--"));
		command.addAll(program);
		return command;
	}

	private Map<String, String> environment(Map<String, String> extraEnv) {
		Map<String, String> env = env();
		env.putAll(extraEnv);
		return env;
	}

	@Override
	public void close() throws IOException {
		try (Stream<Path> paths = Files.walk(this.work)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(path);
			}
		}
	}

	private static Path blob(Path layout, String digest) {
		return layout.resolve("blobs").resolve(digest.replace(':', '/'));
	}

	private static Map<?, ?> json(Path file) throws IOException {
		return (Map<?, ?>) JsonReader.parse(Files.readString(file));
	}

	private static List<String> strings(Object list) {
		return (list == null) ? List.of() : ((List<?>) list).stream().map(String.class::cast).toList();
	}

	private static void check(Result result) throws IOException {
		if (result.code() != 0) {
			throw new IOException(result.toString());
		}
	}

	/**
	 * The commit of the checkout the build ran in ({@code git rev-parse HEAD}), or
	 * {@code null} outside a git checkout.
	 */
	public static String headCommit() throws IOException {
		Result head = exec(List.of("git", "-C", System.getProperty("kfleet.basedir", "."), "rev-parse", "HEAD"),
				Map.of(), 1);
		return (head.code() == 0) ? head.out().strip() : null;
	}

	/**
	 * Runs a command (in {@code env} alone, or this process's environment when empty) and
	 * waits for it.
	 */
	public static Result exec(List<String> command, Map<String, String> env, int timeoutMinutes) throws IOException {
		Path stderr = Files.createTempFile("kfleet-image-it", ".err");
		try {
			ProcessBuilder builder = new ProcessBuilder(command).redirectError(stderr.toFile());
			if (!env.isEmpty()) {
				builder.environment().clear();
				builder.environment().putAll(env);
			}
			Process process = builder.start();
			String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!process.waitFor(timeoutMinutes, TimeUnit.MINUTES)) {
				process.destroyForcibly();
				throw new IOException("timed out: " + command);
			}
			return new Result(command, process.exitValue(), out, Files.readString(stderr));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException(ex);
		}
		finally {
			Files.deleteIfExists(stderr);
		}
	}

	/** A command's exit code, its standard output and (apart) its standard error. */
	public record Result(List<String> command, int code, String out, String err) {

		@Override
		public String toString() {
			return String.join(" ", this.command) + " exited " + this.code + ":\n" + this.out + this.err;
		}

	}

}
