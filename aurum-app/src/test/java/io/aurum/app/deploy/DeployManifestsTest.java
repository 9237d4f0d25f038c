package io.aurum.app.deploy;

import static io.aurum.app.deploy.DeployFiles.at;
import static io.aurum.app.deploy.DeployFiles.list;
import static io.aurum.app.deploy.DeployFiles.map;
import static io.aurum.app.deploy.DeployFiles.strings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.aurum.app.deploy.AurumSurface.Parsed;
import io.aurum.app.deploy.AurumSurface.Pending;
import io.aurum.app.deploy.AurumSurface.Refused;
import io.aurum.app.server.ServerOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Issue 21 part 5: the Kubernetes manifests of deploy/k8s parse, name valid kinds and API versions,
 * pin their images, probe the health endpoints on the ports Aurum listens on, and use only command
 * lines and environment variables Aurum reads; the Secret is a template holding no secret. No
 * cluster runs here: the files are checked, not applied.
 */
class DeployManifestsTest {
  static final Map<String, String> API_VERSIONS =
      Map.of(
          "Namespace", "v1",
          "Secret", "v1",
          "ConfigMap", "v1",
          "Service", "v1",
          "Deployment", "apps/v1",
          "Job", "batch/v1",
          "Kustomization", "kustomize.config.k8s.io/v1beta1");

  static final Map<String, Object> KUSTOMIZATION =
      DeployFiles.yaml(DeployFiles.K8S.resolve("kustomization.yaml"));

  /** Every manifest: the kustomization's resources and the backfill Job template. */
  static Map<String, Map<String, Object>> manifests() {
    return MANIFESTS;
  }

  static final Map<String, Map<String, Object>> MANIFESTS = read();

  private static Map<String, Map<String, Object>> read() {
    Map<String, Map<String, Object>> out = new LinkedHashMap<>();
    List<String> files = new ArrayList<>(strings(KUSTOMIZATION.get("resources")));
    files.add("backfill-job.yaml");
    for (String f : files) {
      for (Map<String, Object> doc : DeployFiles.yamlDocuments(DeployFiles.K8S.resolve(f))) {
        out.put(at(doc, "kind") + "/" + at(doc, "metadata", "name"), doc);
      }
    }
    return out;
  }

  static Map<String, Object> workload(String component) {
    return manifests().values().stream()
        .filter(
            m ->
                component.equals(
                    at(m, "spec", "template", "metadata", "labels", "app.kubernetes.io/component")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no workload of component " + component));
  }

  static Map<String, Object> container(Map<String, Object> workload) {
    List<Object> containers = list(at(workload, "spec", "template", "spec", "containers"));
    assertThat(containers).hasSize(1);
    return map(containers.get(0));
  }

  /** A probe's or Service's port: a number, or the name of one of the container's ports. */
  static int port(Object port, Map<String, Object> container) {
    if (port instanceof Integer n) {
      return n;
    }
    for (Object p : list(container.get("ports"))) {
      if (port.equals(map(p).get("name"))) {
        return (Integer) map(p).get("containerPort");
      }
    }
    throw new AssertionError("no container port named " + port);
  }

  static Map<String, Object> secret() {
    return manifests().get("Secret/aurum-secrets");
  }

  @Test
  void every_manifest_has_a_valid_api_version_for_its_kind_and_a_pinned_image() {
    assertThat(KUSTOMIZATION.get("apiVersion")).isEqualTo(API_VERSIONS.get("Kustomization"));
    Map<String, Map<String, Object>> all = manifests();
    assertThat(all.keySet())
        .contains(
            "Deployment/aurum-serve",
            "Service/aurum-serve",
            "Deployment/aurum-worker",
            "Deployment/aurum-relay",
            "Secret/aurum-secrets");
    for (Map<String, Object> m : all.values()) {
      String kind = (String) m.get("kind");
      assertThat(API_VERSIONS).as("a kind these manifests may use").containsKey(kind);
      assertThat(m.get("apiVersion")).as(kind).isEqualTo(API_VERSIONS.get(kind));
      if (at(m, "spec", "template") != null) {
        assertThat(DockerfileTest.pinned((String) container(m).get("image")))
            .as("image of %s pinned to a version", at(m, "metadata", "name"))
            .isTrue();
      }
    }
    assertThat(at(workload("backfill"), "spec", "template", "spec", "restartPolicy"))
        .isEqualTo("Never");
  }

  @Test
  void deployments_select_their_own_pods_and_the_service_reaches_serve_on_its_port() {
    for (Map<String, Object> m : manifests().values()) {
      if ("Deployment".equals(m.get("kind"))) {
        assertThat(map(at(m, "spec", "template", "metadata", "labels")))
            .containsAllEntriesOf(map(at(m, "spec", "selector", "matchLabels")));
      }
    }
    Map<String, Object> serve = workload("serve");
    Map<String, Object> service = manifests().get("Service/aurum-serve");
    assertThat(map(at(serve, "spec", "template", "metadata", "labels")))
        .containsAllEntriesOf(map(at(service, "spec", "selector")));
    Map<String, Object> servicePort = map(list(at(service, "spec", "ports")).get(0));
    assertThat(port(servicePort.get("targetPort"), container(serve))).isEqualTo(servePort());
  }

  /** The port aurum serve listens on, from its own command line parsed by picocli. */
  static int servePort() {
    var checked = AurumSurface.check(strings(container(workload("serve")).get("args")));
    assertThat(checked).isInstanceOf(Parsed.class);
    return AurumSurface.optionOf(((Parsed) checked).result(), "--port", ServerOptions.DEFAULT_PORT);
  }

  @Test
  void serve_listens_on_every_interface_and_is_probed_on_its_health_endpoints() {
    Map<String, Object> c = container(workload("serve"));
    assertThat(DeployFiles.optionValue(strings(c.get("args")), "--bind")).isEqualTo("0.0.0.0");
    assertProbes(c, servePort());
  }

  @Test
  void workers_are_probed_on_their_metrics_port() {
    Map<String, Object> c = container(workload("worker"));
    List<String> args = strings(c.get("args"));
    assertThat(args.get(0)).isEqualTo("worker");
    int metricsPort = Integer.parseInt(DeployFiles.optionValue(args, "--metrics-port"));
    assertProbes(c, metricsPort);
    assertThat(
            at(
                workload("worker"),
                "spec",
                "template",
                "metadata",
                "annotations",
                "prometheus.io/port"))
        .isEqualTo(String.valueOf(metricsPort));
  }

  @Test
  void the_relay_serves_its_metrics_and_is_probed_on_that_port() {
    Map<String, Object> c = container(workload("relay"));
    List<String> args = strings(c.get("args"));
    assertThat(args.get(0)).isEqualTo("relay");
    int metricsPort = Integer.parseInt(DeployFiles.optionValue(args, "--metrics-port"));
    assertProbes(c, metricsPort);
    assertThat(
            at(
                workload("relay"),
                "spec",
                "template",
                "metadata",
                "annotations",
                "prometheus.io/port"))
        .isEqualTo(String.valueOf(metricsPort));
  }

  static void assertProbes(Map<String, Object> c, int port) {
    assertThat(at(c, "livenessProbe", "httpGet", "path")).isEqualTo("/health/live");
    assertThat(at(c, "readinessProbe", "httpGet", "path")).isEqualTo("/health/ready");
    assertThat(port(at(c, "livenessProbe", "httpGet", "port"), c)).isEqualTo(port);
    assertThat(port(at(c, "readinessProbe", "httpGet", "port"), c)).isEqualTo(port);
    assertThat(at(c, "startupProbe", "httpGet", "path")).isEqualTo("/health/live");
    assertThat(port(at(c, "startupProbe", "httpGet", "port"), c)).isEqualTo(port);
  }

  @Test
  void every_command_line_and_environment_variable_is_one_aurum_reads() {
    Set<String> known = AurumSurface.environmentVariables();
    Set<String> secretKeys = map(secret().get("stringData")).keySet();
    for (Map<String, Object> m : manifests().values()) {
      if (at(m, "spec", "template") == null) {
        continue;
      }
      Map<String, Object> c = container(m);
      List<String> args = strings(c.get("args"));
      assertThat(AurumSurface.check(args)).as("aurum %s", args).isNotInstanceOf(Refused.class);
      Map<String, String> env = new LinkedHashMap<>();
      for (Object e : list(c.get("env"))) {
        env.put((String) map(e).get("name"), String.valueOf(map(e).get("value")));
      }
      assertThat(known).as("env of %s", at(m, "metadata", "name")).containsAll(env.keySet());
      assertThat(at(map(list(c.get("envFrom")).get(0)), "secretRef", "name"))
          .isEqualTo(at(secret(), "metadata", "name"));
      // The configuration directory Aurum reads is where the ConfigMap is mounted.
      Object config = mountPath(c, "config");
      assertThat(env.get("AURUM_CONFIG_DIR")).isEqualTo(config);
    }
    assertThat(known).as("the Secret's keys become environment variables").containsAll(secretKeys);
  }

  static Object mountPath(Map<String, Object> container, String volume) {
    for (Object v : list(container.get("volumeMounts"))) {
      if (volume.equals(map(v).get("name"))) {
        return map(v).get("mountPath");
      }
    }
    throw new AssertionError("no mount of volume " + volume);
  }

  @Test
  void the_config_map_holds_every_configuration_file_aurum_reads() throws IOException {
    Map<String, Object> generator = map(list(KUSTOMIZATION.get("configMapGenerator")).get(0));
    Set<String> inMap = new TreeSet<>();
    for (String f : strings(generator.get("files"))) {
      Path file = DeployFiles.K8S.resolve(f);
      assertThat(file).as(f).isRegularFile();
      inMap.add(file.getFileName().toString());
    }
    Set<String> json = new TreeSet<>();
    try (Stream<Path> files = Files.list(DeployFiles.ROOT.resolve("config"))) {
      files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".json"))
          .forEach(json::add);
    }
    assertThat(inMap).isEqualTo(json);
    for (Map<String, Object> m : manifests().values()) {
      for (Object v : list(at(m, "spec", "template", "spec", "volumes"))) {
        if (map(v).containsKey("configMap")) {
          assertThat(at(map(v), "configMap", "name")).isEqualTo(generator.get("name"));
        }
      }
    }
  }

  @Test
  void the_secret_is_a_template_that_holds_no_real_secret() {
    Map<String, Object> s = secret();
    assertThat(s).doesNotContainKey("data");
    Map<String, Object> values = map(s.get("stringData"));
    assertThat(values).containsKeys("AURUM_DB_URL", "EIA_API_KEY", "FRED_API_KEY", "NOAA_TOKEN");
    values.forEach(
        (k, v) ->
            assertThat(String.valueOf(v))
                .as(k)
                .satisfiesAnyOf(
                    x -> assertThat(x).isEmpty(), x -> assertThat(x).contains("REPLACE_ME")));
    assertThat((String) values.get("AURUM_DB_URL")).contains("password=REPLACE_ME");
  }

  @Test
  void the_checks_refuse_what_aurum_does_not_read() {
    assertThat(AurumSurface.check(List.of("serve", "--prot", "8080"))).isInstanceOf(Refused.class);
    assertThat(AurumSurface.check(List.of("serve", "--port", "http"))).isInstanceOf(Refused.class);
    assertThat(AurumSurface.check(List.of("no-such-command"))).isInstanceOf(Refused.class);
    assertThat(AurumSurface.environmentVariables())
        .contains("AURUM_DB_URL", "AURUM_CONFIG_DIR", "EIA_API_KEY", "AURUM_EIA_BASE_URL")
        .contains("AURUM_JAVA_OPTS", "AURUM_NO_SHELL_INSTALL")
        .doesNotContain("AURUM_DB_PASSWORD", "DB_PASSWORD");
    // A pending command is skipped only while it does not exist; once merged, it is checked.
    for (String command : AurumSurface.PENDING_COMMANDS) {
      assertThat(AurumSurface.check(List.of(command, "--no-such-option")))
          .isInstanceOf(AurumSurface.exists(command) ? Refused.class : Pending.class);
    }
  }

  @Test
  void kustomize_renders_them_into_the_namespace_with_the_pushed_image() throws Exception {
    assumeTrue(
        installed("kubectl"),
        "kubectl is not on the PATH: install it to render deploy/k8s with kustomize");
    Process p =
        new ProcessBuilder(
                "kubectl",
                "kustomize",
                "--load-restrictor",
                "LoadRestrictionsNone",
                DeployFiles.K8S.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(out).isZero();
    Set<String> kinds = new TreeSet<>();
    Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
    for (Object o : yaml.loadAll(out)) {
      Map<String, Object> doc = map(o);
      kinds.add((String) doc.get("kind"));
      if (!"Namespace".equals(doc.get("kind"))) {
        assertThat(at(doc, "metadata", "namespace")).isEqualTo(KUSTOMIZATION.get("namespace"));
      }
      if ("ConfigMap".equals(doc.get("kind"))) {
        assertThat(map(doc.get("data"))).containsKeys("datasets.json", "data_source_quotas.json");
      }
      if (at(doc, "spec", "template") != null) {
        assertThat(container(doc).get("image")).isEqualTo("registry.example.com/aurum:0.1.0");
      }
    }
    assertThat(kinds)
        .containsExactlyInAnyOrder("Namespace", "ConfigMap", "Secret", "Service", "Deployment");
  }

  static boolean installed(String program) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }
}
