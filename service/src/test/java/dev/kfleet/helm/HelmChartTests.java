package dev.kfleet.helm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.marcnuri.helm.LintResult;
import dev.kfleet.helm.Chart.Rendered;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static dev.kfleet.helm.Chart.env;
import static dev.kfleet.helm.Chart.mounts;
import static dev.kfleet.helm.Chart.strings;
import static dev.kfleet.helm.Chart.volumes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Helm chart {@code helm/kfleet}: {@code helm lint --strict} passes and
 * {@code helm template} renders for every {@code ci/*-values.yaml}, and the manifests do
 * what the chart promises: a read-only, non-root agent unless {@code agent.applyActions},
 * a locked-down service with its secrets from Secrets, a ServiceMonitor only on demand,
 * and Grafana dashboards on data source, job (and group) variables that take the fleet
 * gauges as the maximum over replicas and never repeat a query (each query runs on a real
 * Prometheus in {@link DashboardsAndAlertsIntegrationTests}).
 */
class HelmChartTests {

	/** Values that are Kubernetes objects or label maps, passed through as they are. */
	static final Set<String> FREE_FORM = Set.of("commonLabels", "annotations", "podAnnotations", "podLabels",
			"resources", "startupProbe", "livenessProbe", "readinessProbe", "podSecurityContext", "securityContext",
			"nodeSelector", "affinity", "updateStrategy", "labels");

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final List<String> SELECTOR_LABELS = List.of("app.kubernetes.io/name", "app.kubernetes.io/instance",
			"app.kubernetes.io/component");

	static Stream<String> ciValues() {
		List<String> names = Chart.ciValues();
		assertThat(names).contains("default", "agent-only", "no-agent", "apply-actions");
		return names.stream();
	}

	@ParameterizedTest(name = "ci/{0}-values.yaml")
	@MethodSource("ciValues")
	void lintsStrictly(String values) {
		LintResult result = Chart.lint(Chart.ci(values));
		assertThat(result.isFailed()).as("helm lint --strict -f ci/%s-values.yaml: %s", values, result.getMessages())
			.isFalse();
		assertThat(result.getMessages()).noneMatch((message) -> message.contains("[WARNING]"))
			.noneMatch((message) -> message.contains("[ERROR]"));
	}

	@ParameterizedTest(name = "ci/{0}-values.yaml")
	@MethodSource("ciValues")
	void rendersLabelledManifestsWithStableSelectors(String values) {
		Rendered rendered = Chart.render(values);
		assertThat(rendered.documents()).isNotEmpty();
		for (JsonNode document : rendered.documents()) {
			JsonNode metadata = document.path("metadata");
			String name = metadata.path("name").asString();
			assertThat(name).as("%s name", document.path("kind")).matches("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
			assertThat(metadata.path("labels").path("app.kubernetes.io/name").asString()).isEqualTo("kfleet");
			assertThat(metadata.path("labels").path("app.kubernetes.io/instance").asString()).isEqualTo("kfleet");
			assertThat(metadata.path("labels").path("app.kubernetes.io/managed-by").asString()).isEqualTo("Helm");
			assertThat(metadata.path("labels").path("helm.sh/chart").asString())
				.isEqualTo("kfleet-" + Chart.readYaml(Chart.DIR.resolve("Chart.yaml")).path("version").asString());
		}
		for (String kind : List.of("Deployment", "DaemonSet")) {
			for (JsonNode workload : rendered.all(kind)) {
				JsonNode selector = workload.path("spec").path("selector").path("matchLabels");
				assertThat(selector.propertyNames()).containsExactlyInAnyOrderElementsOf(SELECTOR_LABELS);
				assertThat(selector.path("app.kubernetes.io/component").asString())
					.isEqualTo(kind.equals("Deployment") ? "server" : "agent");
				JsonNode podLabels = workload.path("spec").path("template").path("metadata").path("labels");
				selector.forEachEntry((label, value) -> assertThat(podLabels.path(label)).isEqualTo(value));
			}
		}
	}

	@Test
	void agentIsANonRootReaderWithReadOnlyHostMountsByDefault() {
		Rendered rendered = Chart.render("default");
		JsonNode daemonSet = rendered.one("DaemonSet");
		JsonNode pod = rendered.podSpec("DaemonSet");
		JsonNode agent = rendered.container("DaemonSet");
		assertThat(daemonSet.path("spec").path("updateStrategy").path("type").asString()).isEqualTo("RollingUpdate");
		assertThat(daemonSet.path("spec").path("updateStrategy").path("rollingUpdate").path("maxUnavailable").asInt())
			.isEqualTo(1);
		assertThat(pod.path("nodeSelector").path("kubernetes.io/os").asString()).isEqualTo("linux");
		assertThat(pod.path("tolerations")).anySatisfy((toleration) -> {
			assertThat(toleration.path("operator").asString()).isEqualTo("Exists");
			assertThat(toleration.has("key")).as("tolerates every taint").isFalse();
			assertThat(toleration.has("effect")).as("tolerates every effect").isFalse();
		});
		assertThat(pod.path("hostPID").asBoolean()).isFalse();
		assertThat(pod.path("hostNetwork").asBoolean()).isFalse();
		assertThat(pod.path("automountServiceAccountToken").asBoolean()).isFalse();
		JsonNode security = agent.path("securityContext");
		assertThat(security.path("runAsNonRoot").asBoolean()).isTrue();
		assertThat(security.path("runAsUser").asInt()).isEqualTo(65532);
		assertThat(security.path("readOnlyRootFilesystem").asBoolean()).isTrue();
		assertThat(security.path("allowPrivilegeEscalation").asBoolean()).isFalse();
		assertThat(security.path("privileged").asBoolean()).isFalse();
		assertThat(strings(security.path("capabilities").path("drop"))).containsExactly("ALL");
		assertThat(security.path("capabilities").has("add")).isFalse();
		Map<String, JsonNode> mounts = mounts(agent);
		Map<String, JsonNode> volumes = volumes(pod);
		assertHostMount(mounts, volumes, "/host/proc", "/proc", true);
		assertHostMount(mounts, volumes, "/host/sys", "/sys", true);
		assertHostMount(mounts, volumes, "/host/boot", "/boot", true);
		assertHostMount(mounts, volumes, "/host/etc/machine-id", "/etc/machine-id", true);
		assertThat(mounts).doesNotContainKeys("/host/etc/sysctl.d", "/host/lib/modules", "/host/etc/modules-load.d",
				"/etc/modprobe.d");
		assertThat(mounts.values()).filteredOn((mount) -> !mount.path("readOnly").asBoolean())
			.extracting((mount) -> mount.path("mountPath").asString())
			.as("the only writable mounts")
			.containsExactlyInAnyOrder("/var/lib/kfleet-agent", "/tmp");
		assertThat(env(agent).get("NODE_NAME").path("valueFrom").path("fieldRef").path("fieldPath").asString())
			.isEqualTo("spec.nodeName");
		assertThat(
				env(agent).get("KFLEET_AGENT_HOSTNAME").path("valueFrom").path("fieldRef").path("fieldPath").asString())
			.as("the agent enrolls with the node's name, not the pod's")
			.isEqualTo("spec.nodeName");
		assertThat(agentMode(daemonSet)).isEqualTo("read-only");
	}

	@Test
	void nonRootAgentGetsItsStateDirectoryFromAnInitContainerWithOnlyTheCapabilitiesToChownIt() {
		Rendered rendered = Chart.render("default");
		JsonNode pod = rendered.podSpec("DaemonSet");
		JsonNode state = volumes(pod).get("state");
		assertThat(state.path("hostPath").path("path").asString()).isEqualTo("/var/lib/kfleet-agent");
		assertThat(state.path("hostPath").path("type").asString()).isEqualTo("DirectoryOrCreate");
		assertThat(pod.path("initContainers")).hasSize(1);
		JsonNode init = pod.path("initContainers").path(0);
		assertThat(init.has("command")).as("the image's entrypoint: there is no shell").isFalse();
		assertThat(strings(init.path("args"))).containsExactly("state-dir", "--state-dir", "/var/lib/kfleet-agent",
				"--owner", "65532:65532");
		assertThat(strings(init.path("securityContext").path("capabilities").path("add")))
			.containsExactlyInAnyOrder("CHOWN", "DAC_READ_SEARCH", "FOWNER");
		assertThat(strings(init.path("securityContext").path("capabilities").path("drop"))).containsExactly("ALL");
		assertThat(init.path("securityContext").path("allowPrivilegeEscalation").asBoolean()).isFalse();
		assertThat(mounts(init)).containsOnlyKeys("/var/lib/kfleet-agent");
	}

	@Test
	void agentRunsAgainstTheReleasesServiceWithItsSecretAndStateWhereTheyAreMounted() {
		Rendered rendered = Chart.render("default");
		JsonNode agent = rendered.container("DaemonSet");
		List<String> args = strings(agent.path("args"));
		assertThat(args).containsExactly("run", "--server", "http://kfleet-server.kfleet.svc:8080",
				"--enroll-secret-file", "/etc/kfleet-agent/enroll-secret", "--root", "/host", "--state-dir",
				"/var/lib/kfleet-agent", "--sysctl-dropin", "/host/etc/sysctl.d/90-kfleet-hvo.conf",
				"--modules-load-file", "/host/etc/modules-load.d/kfleet-vduse.conf");
		JsonNode service = rendered.one("Service");
		assertThat(service.path("metadata").path("name").asString()).isEqualTo("kfleet-server");
		assertThat(service.path("spec").path("ports").path(0).path("port").asInt()).isEqualTo(8080);

		Map<String, JsonNode> volumes = volumes(rendered.podSpec("DaemonSet"));
		JsonNode secret = volumes.get("enroll-secret").path("secret");
		assertThat(secret.path("secretName").asString()).isEqualTo("kfleet-enroll");
		assertThat(secret.path("items")).hasSize(1);
		assertThat(secret.path("defaultMode").asInt()).as("0440, written in decimal").isEqualTo(0440);
		String file = mounts(agent).entrySet()
			.stream()
			.filter((mount) -> mount.getValue().path("name").asString().equals("enroll-secret"))
			.map((mount) -> mount.getKey() + "/" + secret.path("items").path(0).path("path").asString())
			.findFirst()
			.orElseThrow();
		assertThat(args.get(args.indexOf("--enroll-secret-file") + 1)).as("the secret's file").isEqualTo(file);
		assertThat(mounts(agent).get("/etc/kfleet-agent").path("readOnly").asBoolean()).isTrue();
		assertThat(secret.path("items").path(0).path("key").asString()).isEqualTo("enroll-secret");
		assertThat(mounts(agent).get(args.get(args.indexOf("--state-dir") + 1)).path("name").asString())
			.isEqualTo("state");
	}

	@Test
	void agentOnlyReleaseReportsToTheServiceItIsGiven() {
		Rendered rendered = Chart.render("agent-only");
		assertThat(rendered.kinds()).containsExactly("DaemonSet", "ServiceAccount");
		List<String> args = strings(rendered.container("DaemonSet").path("args"));
		assertThat(args.get(args.indexOf("--server") + 1)).isEqualTo("https://kfleet.example.com");
		JsonNode secret = volumes(rendered.podSpec("DaemonSet")).get("enroll-secret").path("secret");
		assertThat(secret.path("items").path(0).path("key").asString()).isEqualTo("secret");
	}

	@Test
	void applyActionsMakesTheAgentAPrivilegedRootContainerWithWritableHostMounts() {
		Rendered rendered = Chart.render("apply-actions");
		JsonNode pod = rendered.podSpec("DaemonSet");
		JsonNode agent = rendered.container("DaemonSet");
		JsonNode security = agent.path("securityContext");
		assertThat(security.path("privileged").asBoolean()).isTrue();
		assertThat(security.path("runAsUser").asInt()).isZero();
		assertThat(security.path("runAsNonRoot").asBoolean()).isFalse();
		assertThat(security.path("readOnlyRootFilesystem").asBoolean()).isTrue();
		Map<String, JsonNode> mounts = mounts(agent);
		Map<String, JsonNode> volumes = volumes(pod);
		assertHostMount(mounts, volumes, "/host/proc", "/proc", false);
		assertHostMount(mounts, volumes, "/host/sys", "/sys", false);
		assertHostMount(mounts, volumes, "/host/etc/sysctl.d", "/etc/sysctl.d", false);
		assertHostMount(mounts, volumes, "/host/boot", "/boot", true);
		assertHostMount(mounts, volumes, "/host/etc/machine-id", "/etc/machine-id", true);
		assertThat(pod.has("initContainers")).as("root needs no hand-over of the state dir").isFalse();
		assertThat(agentMode(rendered.one("DaemonSet"))).isEqualTo("apply-actions");
		assertThat(mounts.values()).filteredOn((mount) -> !mount.path("readOnly").asBoolean())
			.extracting((mount) -> mount.path("mountPath").asString())
			.as("the only writable mounts")
			.containsExactlyInAnyOrder("/host/proc", "/host/sys", "/host/etc/sysctl.d", "/host/etc/modules-load.d",
					"/var/lib/kfleet-agent", "/tmp");
		String digest = "sha256:" + "0".repeat(64);
		assertThat(agent.path("image").asString()).isEqualTo("registry.example.com/platform/kfleet-agent@" + digest);
		assertThat(pod.path("imagePullSecrets").path(0).path("name").asString()).isEqualTo("regcred");
	}

	/**
	 * {@code vduse.load-modules} in a pod (ADR 0034): {@code modprobe -d /host} finds the
	 * host's modules under {@code /host/lib/modules}, applies the host's
	 * {@code /etc/modprobe.d}, and the agent persists the modules in the host's
	 * {@code /etc/modules-load.d}; the privileged container holds {@code CAP_SYS_MODULE}.
	 * Only the modules-load.d directory is writable.
	 */
	@Test
	void applyActionsLetsTheAgentLoadTheVduseModulesFromTheHostsReadOnlyModuleTree() {
		Rendered rendered = Chart.render("apply-actions");
		JsonNode pod = rendered.podSpec("DaemonSet");
		JsonNode agent = rendered.container("DaemonSet");
		Map<String, JsonNode> mounts = mounts(agent);
		Map<String, JsonNode> volumes = volumes(pod);
		assertHostMount(mounts, volumes, "/host/lib/modules", "/lib/modules", true);
		assertThat(mounts.get("/host/lib/modules").path("recursiveReadOnly").asString()).isEqualTo("IfPossible");
		assertThat(volumes.get("host-modules").path("hostPath").path("type").asString()).isEqualTo("Directory");
		assertHostMount(mounts, volumes, "/etc/modprobe.d", "/etc/modprobe.d", true);
		assertHostMount(mounts, volumes, "/host/etc/modules-load.d", "/etc/modules-load.d", false);
		assertThat(volumes.get("host-modules-load-d").path("hostPath").path("type").asString())
			.isEqualTo("DirectoryOrCreate");
		List<String> args = strings(agent.path("args"));
		assertThat(args.get(args.indexOf("--root") + 1)).as("modprobe -d <root>").isEqualTo("/host");
		assertThat(args.get(args.indexOf("--modules-load-file") + 1))
			.startsWith(mounts.get("/host/etc/modules-load.d").path("mountPath").asString() + "/");
		assertThat(agent.path("securityContext").path("privileged").asBoolean()).as("CAP_SYS_MODULE").isTrue();
		assertThat(rendered.one("DaemonSet")
			.path("spec")
			.path("template")
			.path("metadata")
			.path("annotations")
			.path("kfleet.dev/loads-kernel-modules")
			.asString()).isEqualTo("true");

		Rendered without = Chart.render("apply-actions", "agent.loadKernelModules=false");
		assertThat(mounts(without.container("DaemonSet"))).containsKey("/host/etc/sysctl.d")
			.doesNotContainKeys("/host/lib/modules", "/host/etc/modules-load.d", "/etc/modprobe.d");
		assertThat(volumes(without.podSpec("DaemonSet"))).doesNotContainKeys("host-modules", "host-modules-load-d",
				"host-modprobe-d");
		assertThat(mounts(Chart.render("apply-actions", "agent.hostPaths.modprobeDir=").container("DaemonSet")))
			.containsKeys("/host/lib/modules", "/host/etc/modules-load.d")
			.doesNotContainKey("/etc/modprobe.d");
		assertThat(mounts(Chart.render("default", "agent.scanProcesses=true").container("DaemonSet")))
			.as("a read-only agent loads no module, even with loadKernelModules")
			.doesNotContainKeys("/host/lib/modules", "/host/etc/modules-load.d", "/etc/modprobe.d");
	}

	@Test
	void processScanRunsTheReadOnlyAgentAsRootWithPtraceAndDacReadSearchOnly() {
		Rendered rendered = Chart.render("default", "agent.scanProcesses=true");
		JsonNode agent = rendered.container("DaemonSet");
		JsonNode security = agent.path("securityContext");
		assertThat(security.path("runAsUser").asInt()).isZero();
		assertThat(security.path("privileged").asBoolean()).isFalse();
		assertThat(security.path("allowPrivilegeEscalation").asBoolean()).isFalse();
		assertThat(strings(security.path("capabilities").path("drop"))).containsExactly("ALL");
		assertThat(strings(security.path("capabilities").path("add"))).containsExactlyInAnyOrder("SYS_PTRACE",
				"DAC_READ_SEARCH");
		assertThat(mounts(agent).get("/host/proc").path("readOnly").asBoolean()).isTrue();
		assertThat(mounts(agent).get("/host/sys").path("readOnly").asBoolean()).isTrue();
		assertThat(mounts(agent)).doesNotContainKey("/host/etc/sysctl.d");
		assertThat(rendered.podSpec("DaemonSet").has("initContainers")).isFalse();
	}

	@Test
	void hostNamespacesAreOptInAndTheHostNetworkKeepsClusterDns() {
		JsonNode pod = Chart.render("default", "agent.hostNetwork=true", "agent.hostPID=true").podSpec("DaemonSet");
		assertThat(pod.path("hostNetwork").asBoolean()).isTrue();
		assertThat(pod.path("hostPID").asBoolean()).isTrue();
		assertThat(pod.path("dnsPolicy").asString()).isEqualTo("ClusterFirstWithHostNet");
		assertThat(Chart.render("default").podSpec("DaemonSet").has("dnsPolicy")).isFalse();
	}

	@ParameterizedTest
	@CsvSource({ "1.30.0, false", "1.31.0, true", "1.33.0, true" })
	void readOnlyHostMountsAreRecursivelyReadOnlyWhereKubernetesCanDoIt(String kubeVersion, boolean recursive) {
		Rendered rendered = Chart.render("kfleet", kubeVersion, Chart.ci("default"));
		Map<String, JsonNode> mounts = mounts(rendered.container("DaemonSet"));
		for (String path : List.of("/host/proc", "/host/sys", "/host/boot")) {
			JsonNode mount = mounts.get(path);
			assertThat(mount.has("recursiveReadOnly")).as(path).isEqualTo(recursive);
			if (recursive) {
				assertThat(mount.path("recursiveReadOnly").asString()).isEqualTo("IfPossible");
			}
		}
	}

	@Test
	void optionalHostPathsCanBeLeftOut() {
		Rendered rendered = Chart.render("default", "agent.hostPaths.boot=", "agent.hostPaths.machineId=");
		assertThat(mounts(rendered.container("DaemonSet"))).doesNotContainKeys("/host/boot", "/host/etc/machine-id");
		assertThat(volumes(rendered.podSpec("DaemonSet"))).doesNotContainKeys("host-boot", "host-machine-id");
	}

	@Test
	void serviceIsProbedLockedDownAndGetsItsSecretsFromSecrets() {
		Rendered rendered = Chart.render("default");
		JsonNode deployment = rendered.one("Deployment");
		JsonNode pod = rendered.podSpec("Deployment");
		JsonNode server = rendered.container("Deployment");
		assertThat(deployment.path("spec").path("replicas").asInt()).isEqualTo(2);
		assertThat(server.path("ports").path(0).path("containerPort").asInt()).isEqualTo(8080);
		assertThat(server.path("ports").path(0).path("name").asString()).isEqualTo("http");
		assertProbe(server.path("startupProbe"), "/livez");
		assertProbe(server.path("livenessProbe"), "/livez");
		assertProbe(server.path("readinessProbe"), "/readyz");
		Map<String, JsonNode> env = env(server);
		assertThat(env.get("MANAGEMENT_ENDPOINT_HEALTH_PROBES_ADD_ADDITIONAL_PATHS").path("value").asString())
			.as("/livez and /readyz exist only with this")
			.isEqualTo("true");
		assertThat(pod.path("securityContext").path("runAsNonRoot").asBoolean()).isTrue();
		JsonNode security = server.path("securityContext");
		assertThat(security.path("readOnlyRootFilesystem").asBoolean()).isTrue();
		assertThat(security.path("allowPrivilegeEscalation").asBoolean()).isFalse();
		assertThat(strings(security.path("capabilities").path("drop"))).containsExactly("ALL");
		assertThat(volumes(pod).get(mounts(server).get("/tmp").path("name").asString()).has("emptyDir")).isTrue();
		assertSecretKeyRef(env, "SPRING_DATASOURCE_PASSWORD", "kfleet-db", "password");
		assertSecretKeyRef(env, "KFLEET_TOKENS_BOOTSTRAP_ADMIN_TOKEN", "kfleet-bootstrap-admin", "token");
		assertThat(env.get("SPRING_DATASOURCE_URL").path("value").asString())
			.isEqualTo("jdbc:postgresql://postgres.kfleet.svc:5432/kfleet");
		assertThat(env.get("SPRING_DATASOURCE_USERNAME").path("value").asString()).isEqualTo("kfleet");
		assertThat(env.get("LOGGING_STRUCTURED_FORMAT_CONSOLE").path("value").asString()).isEqualTo("ecs");
		assertThat(env.get("KFLEET_SECURITY_PUBLIC_ACTUATOR").path("value").asString()).isEqualTo("true");
		assertThat(env.get("MANAGEMENT_METRICS_DISTRIBUTION_PERCENTILESHISTOGRAM_HTTP_SERVER_REQUESTS")
			.path("value")
			.asString()).as("the latency panels need the buckets").isEqualTo("true");
		assertThat(rendered.one("PodDisruptionBudget").path("spec").path("maxUnavailable").asInt()).isEqualTo(1);
	}

	@Test
	void serviceCanTakeItsDatabaseUserFromTheSecretAndRunWithoutBootstrapToken() {
		Rendered rendered = Chart.render("no-agent");
		assertThat(rendered.all("DaemonSet")).isEmpty();
		Map<String, JsonNode> env = env(rendered.container("Deployment"));
		assertSecretKeyRef(env, "SPRING_DATASOURCE_USERNAME", "kfleet-db", "username");
		assertThat(env).doesNotContainKey("KFLEET_TOKENS_BOOTSTRAP_ADMIN_TOKEN");
		assertThat(env.get("KFLEET_SECURITY_PUBLIC_ACTUATOR").path("value").asString()).isEqualTo("false");
	}

	@Test
	void extraEnvReachesTheServiceAfterTheChartsOwn() {
		Map<String, JsonNode> env = env(Chart
			.render("default", "server.extraEnv[0].name=KFLEET_HOSTS_CHECK_IN_INTERVAL", "server.extraEnv[0].value=60s")
			.container("Deployment"));
		assertThat(env.get("KFLEET_HOSTS_CHECK_IN_INTERVAL").path("value").asString()).isEqualTo("60s");
		assertThat(List.copyOf(env.keySet()).getLast()).isEqualTo("KFLEET_HOSTS_CHECK_IN_INTERVAL");
	}

	@Test
	void serviceMonitorExistsOnlyWhenEnabledAndScrapesTheServersPrometheusEndpoint() {
		assertThat(Chart.render("default").all("ServiceMonitor")).isEmpty();
		assertThat(Chart.render("no-agent").all("ServiceMonitor")).isEmpty();
		Rendered rendered = Chart.render("apply-actions");
		JsonNode monitor = rendered.one("ServiceMonitor");
		assertThat(monitor.path("metadata").path("labels").path("release").asString()).isEqualTo("prometheus");
		assertThat(monitor.path("spec").path("selector").path("matchLabels"))
			.isEqualTo(rendered.one("Service").path("spec").path("selector"));
		JsonNode endpoint = monitor.path("spec").path("endpoints").path(0);
		assertThat(endpoint.path("port").asString()).isEqualTo("http");
		assertThat(endpoint.path("path").asString()).isEqualTo("/actuator/prometheus");
		assertThat(endpoint.has("authorization")).isFalse();
	}

	@Test
	void serviceMonitorOfAClosedActuatorScrapesWithAToken() {
		assertThatThrownBy(() -> Chart.render("no-agent", "metrics.serviceMonitor.enabled=true"))
			.hasMessageContaining("metrics.serviceMonitor.bearerTokenSecret.name is required");
		JsonNode endpoint = Chart
			.render("no-agent", "metrics.serviceMonitor.enabled=true",
					"metrics.serviceMonitor.bearerTokenSecret.name=kfleet-scraper")
			.one("ServiceMonitor")
			.path("spec")
			.path("endpoints")
			.path(0);
		assertThat(endpoint.path("authorization").path("credentials").path("name").asString())
			.isEqualTo("kfleet-scraper");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			textBlock = """
					default    | database.url=                               | database.url is required
					default    | database.existingSecret=                    | database.existingSecret is required
					default    | server.bootstrapAdminToken.existingSecret=  | server.bootstrapAdminToken.existingSecret is required
					default    | agent.enrollSecret.existingSecret=          | agent.enrollSecret.existingSecret is required
					agent-only | agent.server=                               | agent.server is required
					default    | agent.applyAction=true                      | additional properties 'applyAction' not allowed
					apply-actions | agent.hostPaths.modules=                 | agent.hostPaths.modules is required with agent.loadKernelModules
					default    | image.agent.digest=latest                   | /image/agent/digest
					""")
	void refusesToRenderWithoutWhatItNeedsOrWithAMistypedValue(String values, String set, String message) {
		assertThatThrownBy(() -> Chart.render(values, set)).hasMessageContaining(message);
	}

	@Test
	void namesFollowTheReleaseAndStayWithinDnsLimits() {
		Rendered ops = Chart.render("ops", Chart.KUBE_VERSION, Chart.ci("default"));
		assertThat(ops.one("Deployment").path("metadata").path("name").asString()).isEqualTo("ops-kfleet-server");
		assertThat(strings(ops.container("DaemonSet").path("args")))
			.contains("http://ops-kfleet-server.kfleet.svc:8080");
		Rendered longName = Chart.render("a".repeat(53), Chart.KUBE_VERSION, Chart.ci("default"));
		for (JsonNode document : longName.documents()) {
			assertThat(document.path("metadata").path("name").asString().length()).isLessThanOrEqualTo(63);
		}
	}

	@Test
	void dashboardsConfigMapHoldsEveryDashboardFileForGrafanasSidecar() throws IOException {
		JsonNode configMap = Chart.render("default").one("ConfigMap");
		assertThat(configMap.path("metadata").path("labels").path("grafana_dashboard").asString()).isEqualTo("1");
		Map<String, JsonNode> files = Dashboards.files();
		assertThat(files).containsOnlyKeys("kfleet-memory.json", "kfleet-hvo.json", "kfleet-vduse.json",
				"kfleet-rollouts.json", "kfleet-service.json");
		assertThat(configMap.path("data").propertyNames()).containsExactlyInAnyOrderElementsOf(files.keySet());
		files.forEach(
				(name, dashboard) -> assertThat(JSON.readTree(configMap.path("data").path(name).asString())).as(name)
					.isEqualTo(dashboard));
		JsonNode elsewhere = Chart.render("apply-actions").one("ConfigMap");
		assertThat(elsewhere.path("metadata").path("namespace").asString()).isEqualTo("monitoring");
		assertThat(elsewhere.path("metadata").path("annotations").path("grafana_folder").asString())
			.isEqualTo("kfleet");
		assertThat(Chart.render("agent-only").all("ConfigMap")).isEmpty();
	}

	@Test
	void dashboardsAreGrafanaDashboardsOnAPrometheusDatasourceVariable() throws IOException {
		Set<String> uids = new HashSet<>();
		for (Map.Entry<String, JsonNode> file : Dashboards.files().entrySet()) {
			JsonNode dashboard = file.getValue();
			assertThat(uids.add(dashboard.path("uid").asString())).as("%s has a unique uid", file.getKey()).isTrue();
			assertThat(dashboard.path("title").asString()).startsWith("kfleet / ");
			assertThat(dashboard.path("schemaVersion").asInt()).isBetween(39, 41);
			assertThat(dashboard.path("templating").path("list")).anySatisfy((variable) -> {
				assertThat(variable.path("name").asString()).isEqualTo("datasource");
				assertThat(variable.path("type").asString()).isEqualTo("datasource");
				assertThat(variable.path("query").asString()).isEqualTo("prometheus");
			});
			Set<String> variables = new HashSet<>();
			dashboard.path("templating").path("list").forEach((v) -> variables.add(v.path("name").asString()));
			assertThat(variables).as(file.getKey()).contains("datasource", "job");
			for (String name : List.of("group", "instance")) {
				if (dashboard.path("panels").toString().contains("$" + name)) {
					assertThat(variables).as(file.getKey()).contains(name);
				}
			}
			Set<Integer> ids = new HashSet<>();
			for (JsonNode panel : dashboard.path("panels")) {
				String title = file.getKey() + " / " + panel.path("title").asString();
				assertThat(ids.add(panel.path("id").asInt())).as("%s has a unique id", title).isTrue();
				JsonNode grid = panel.path("gridPos");
				assertThat(grid.path("x").asInt() + grid.path("w").asInt()).as(title).isBetween(1, 24);
				if (panel.path("type").asString().equals("row")) {
					continue;
				}
				assertThat(panel.path("type").asString()).as(title).isIn("stat", "timeseries", "table");
				assertThat(panel.path("datasource").path("uid").asString()).as(title).isEqualTo("${datasource}");
				assertThat(panel.path("targets")).as(title).isNotEmpty().allSatisfy((target) -> {
					assertThat(target.path("datasource").path("uid").asString()).isEqualTo("${datasource}");
					assertThat(target.path("expr").asString()).isNotBlank();
					assertThat(target.path("refId").asString()).isNotBlank();
				});
			}
		}
	}

	/**
	 * No panel repeats another's query, no dashboard two panel titles; every panel has a
	 * unit (byte sizes in bytes, shares as percentunit). Whether each query works is
	 * proven on a real Prometheus ({@link DashboardsAndAlertsIntegrationTests}).
	 */
	@Test
	void noPanelRepeatsAnothersQueryAndEveryPanelHasAUnit() {
		Map<String, String> seen = new HashMap<>();
		for (Dashboards.Target target : Dashboards.targets()) {
			String normalized = target.expr().replaceAll("\\s+", " ").strip();
			assertThat(seen.putIfAbsent(normalized, target.toString())).as("the same query twice: %s", target).isNull();
		}
		Dashboards.files().forEach((name, dashboard) -> {
			Set<String> titles = new HashSet<>();
			for (JsonNode panel : dashboard.path("panels")) {
				String title = panel.path("title").asString();
				assertThat(titles.add(title)).as("%s: two panels titled %s", name, title).isTrue();
				if (panel.path("type").asString().equals("row")) {
					continue;
				}
				String unit = panel.path("fieldConfig").path("defaults").path("unit").asString();
				assertThat(unit).as("%s / %s", name, title).isIn("short", "bytes", "percentunit", "s", "ops", "reqps");
				if (title.toLowerCase(java.util.Locale.ROOT).contains("share")) {
					assertThat(unit).as("%s / %s", name, title).isEqualTo("percentunit");
				}
				else if (panel.path("targets").toString().contains("_bytes")) {
					assertThat(unit).as("%s / %s", name, title).isEqualTo("bytes");
				}
			}
		});
	}

	@Test
	void dashboardsTakeFleetGaugesAsTheMaxOverReplicas() throws IOException {
		for (Dashboards.Target target : Dashboards.targets()) {
			assertThat(PromQl.notUnderMax(target.expr(), "kfleet_fleet_")).as(target.toString()).isEmpty();
		}
	}

	@Test
	void dashboardChecksCatchFleetGaugesSummedOverReplicas() {
		assertThat(PromQl.notUnderMax("sum(kfleet_fleet_hosts{hvo=\"on\"})", "kfleet_fleet_")).hasSize(1);
		assertThat(PromQl.notUnderMax("kfleet_fleet_hosts_stale", "kfleet_fleet_")).hasSize(1);
		assertThat(PromQl.notUnderMax("max by (hvo) (kfleet_fleet_hosts) / sum(kfleet_fleet_hosts)", "kfleet_fleet_"))
			.hasSize(1);
		assertThat(PromQl.notUnderMax("sum by (health) (max by (driver, type, health) (kfleet_fleet_vduse_devices))",
				"kfleet_fleet_"))
			.isEmpty();
	}

	@Test
	void releaseNotesWarnLoudlyWhenAgentsMayChangeTheNodes() {
		assertThat(Chart.notes("apply-actions")).contains("WARNING: agent.applyActions=true").contains("PRIVILEGED");
		assertThat(Chart.notes("default")).doesNotContain("WARNING")
			.contains("Agents are read-only")
			.contains("kubectl -n kfleet create secret generic kfleet-enroll --from-literal=enroll-secret=<value>");
		assertThat(Chart.notes("no-agent")).doesNotContain("Agents");
	}

	@Test
	void valuesFileCommentsEveryKey() throws IOException {
		List<String> lines = Files.readAllLines(Chart.DIR.resolve("values.yaml"));
		Pattern key = Pattern.compile("^( *)([A-Za-z][\\w.-]*):");
		List<String> uncommented = new ArrayList<>();
		List<Integer> freeFormIndents = new ArrayList<>();
		for (int i = 1; i < lines.size(); i++) {
			Matcher matcher = key.matcher(lines.get(i));
			if (!matcher.find()) {
				continue;
			}
			int indent = matcher.group(1).length();
			freeFormIndents.removeIf((freeForm) -> freeForm >= indent);
			if (!freeFormIndents.isEmpty()) {
				continue;
			}
			if (!lines.get(i - 1).strip().startsWith("#")) {
				uncommented.add((i + 1) + ": " + lines.get(i));
			}
			if (FREE_FORM.contains(matcher.group(2))) {
				freeFormIndents.add(indent);
			}
		}
		assertThat(uncommented).as("keys of values.yaml without a comment line above them").isEmpty();
	}

	@Test
	void readmeDocumentsEveryValue() throws IOException {
		String readme = Files.readString(Chart.DIR.resolve("README.md"));
		List<String> undocumented = new ArrayList<>();
		for (String path : valuePaths(Chart.readYaml(Chart.DIR.resolve("values.yaml")), "")) {
			if (!readme.contains("| `" + path + "` |")) {
				undocumented.add(path);
			}
		}
		assertThat(undocumented).as("values missing from the table in helm/kfleet/README.md").isEmpty();
	}

	private static void assertHostMount(Map<String, JsonNode> mounts, Map<String, JsonNode> volumes, String mountPath,
			String hostPath, boolean readOnly) {
		JsonNode mount = mounts.get(mountPath);
		assertThat(mount).as("a mount at %s", mountPath).isNotNull();
		assertThat(mount.path("readOnly").asBoolean()).as("%s read-only", mountPath).isEqualTo(readOnly);
		assertThat(volumes.get(mount.path("name").asString()).path("hostPath").path("path").asString()).as(mountPath)
			.isEqualTo(hostPath);
	}

	private static String agentMode(JsonNode daemonSet) {
		JsonNode annotations = daemonSet.path("spec").path("template").path("metadata").path("annotations");
		return annotations.path("kfleet.dev/agent-mode").asString();
	}

	private static void assertProbe(JsonNode probe, String path) {
		assertThat(probe.path("httpGet").path("path").asString()).isEqualTo(path);
		assertThat(probe.path("httpGet").path("port").asString()).isEqualTo("http");
	}

	private static void assertSecretKeyRef(Map<String, JsonNode> env, String name, String secret, String key) {
		JsonNode variable = env.get(name);
		assertThat(variable).as(name).isNotNull();
		assertThat(variable.has("value")).as("%s is not in the manifest", name).isFalse();
		JsonNode ref = variable.path("valueFrom").path("secretKeyRef");
		assertThat(ref.path("name").asString()).as(name).isEqualTo(secret);
		assertThat(ref.path("key").asString()).as(name).isEqualTo(key);
	}

	/**
	 * The dotted paths of values.yaml's settings: every leaf, and every map that is free
	 * form (labels, resources, probes, security contexts...) or empty, as one setting.
	 */
	private static List<String> valuePaths(JsonNode node, String prefix) {
		List<String> paths = new ArrayList<>();
		node.forEachEntry((name, value) -> {
			String path = prefix.isEmpty() ? name : prefix + "." + name;
			if (value.isObject() && !value.isEmpty() && !FREE_FORM.contains(name)) {
				paths.addAll(valuePaths(value, path));
			}
			else {
				paths.add(path);
			}
		});
		return paths;
	}

}
