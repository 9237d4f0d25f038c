package io.aurum.app.deploy;

import static io.aurum.app.deploy.DeployFiles.at;
import static io.aurum.app.deploy.DeployFiles.list;
import static io.aurum.app.deploy.DeployFiles.map;
import static io.aurum.app.deploy.DeployFiles.strings;
import static org.assertj.core.api.Assertions.assertThat;

import io.aurum.app.deploy.AurumSurface.Parsed;
import io.aurum.app.deploy.AurumSurface.Refused;
import io.aurum.app.server.ServerOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Issue 21 part 5: deploy/compose.yaml runs PostgreSQL, Kafka in KRaft mode, aurum serve, two
 * workers, the relay, Prometheus (scraping them, with Aurum's rules) and Grafana (with the
 * dashboard provisioned); every Aurum command line and variable is one Aurum reads. No container
 * engine runs here: the file is checked as Compose reads it (anchors and merge keys resolved).
 */
class ComposeFileTest {
  static final Map<String, Object> COMPOSE = DeployFiles.yaml(DeployFiles.COMPOSE);

  static Map<String, Object> services() {
    return map(COMPOSE.get("services"));
  }

  static Map<String, Object> service(String name) {
    assertThat(services()).containsKey(name);
    return map(services().get(name));
  }

  /** Services that run Aurum: built from the Dockerfile. */
  static Map<String, Map<String, Object>> aurumServices() {
    Map<String, Map<String, Object>> out = new LinkedHashMap<>();
    services()
        .forEach(
            (k, v) -> {
              if (map(v).containsKey("build")) {
                out.put(k, map(v));
              }
            });
    return out;
  }

  static List<String> workers() {
    List<String> out = new ArrayList<>();
    aurumServices()
        .forEach(
            (k, v) -> {
              if (strings(v.get("command")).get(0).equals("worker")) {
                out.add(k);
              }
            });
    return out;
  }

  static String workerMetricsPort() {
    return DeployFiles.optionValue(
        strings(service(workers().get(0)).get("command")), "--metrics-port");
  }

  static int servePort() {
    var checked = AurumSurface.check(strings(service("serve").get("command")));
    assertThat(checked).isInstanceOf(Parsed.class);
    return AurumSurface.optionOf(((Parsed) checked).result(), "--port", ServerOptions.DEFAULT_PORT);
  }

  @Test
  void it_runs_postgres_kafka_in_kraft_mode_serve_two_workers_a_relay_prometheus_and_grafana() {
    assertThat(services())
        .containsKeys("postgres", "kafka", "serve", "relay", "prometheus", "grafana");
    assertThat(workers()).hasSize(2);
    assertThat(strings(service("relay").get("command")))
        .startsWith("relay", "--bootstrap-servers", "kafka:9092");
    assertThat(String.valueOf(at(service("kafka"), "environment", "KAFKA_PROCESS_ROLES")))
        .contains("controller");
    assertThat(services()).doesNotContainKey("zookeeper");
    for (var e : services().entrySet()) {
      String image = (String) map(e.getValue()).get("image");
      assertThat(image).as("image of %s", e.getKey()).isNotNull();
      assertThat(DockerfileTest.pinned(image)).as("%s pinned", image).isTrue();
    }
  }

  @Test
  void every_aurum_command_line_and_variable_is_one_aurum_reads() {
    Set<String> known = AurumSurface.environmentVariables();
    int parsed = 0;
    for (var e : aurumServices().entrySet()) {
      Map<String, Object> s = e.getValue();
      assertThat(known).as("env of %s", e.getKey()).containsAll(map(s.get("environment")).keySet());
      List<List<String>> lines = new ArrayList<>();
      if (s.containsKey("entrypoint")) {
        // A shell script (aurum-init): the aurum commands inside it.
        strings(s.get("command"))
            .forEach(script -> lines.addAll(DeployFiles.aurumCommandsIn(script)));
        assertThat(lines).as("aurum commands in %s", e.getKey()).isNotEmpty();
      } else {
        lines.add(strings(s.get("command")));
      }
      for (List<String> args : lines) {
        var checked = AurumSurface.check(args);
        assertThat(checked).as("aurum %s", args).isNotInstanceOf(Refused.class);
        parsed += checked instanceof Parsed ? 1 : 0;
      }
    }
    assertThat(parsed)
        .as("serve and aurum-init's tokens create are checked now")
        .isGreaterThanOrEqualTo(2);
  }

  @Test
  void serve_and_the_workers_are_published_and_health_checked_on_the_ports_they_listen_on() {
    int port = servePort();
    assertThat(DeployFiles.optionValue(strings(service("serve").get("command")), "--bind"))
        .isEqualTo("0.0.0.0");
    assertThat(strings(service("serve").get("ports")))
        .containsExactly("127.0.0.1:" + port + ":" + port);
    assertThat(strings(at(service("serve"), "healthcheck", "test")))
        .endsWith(String.valueOf(port), "/health/live");
    for (String w : workers()) {
      assertThat(strings(at(service(w), "healthcheck", "test")))
          .endsWith(workerMetricsPort(), "/health/live");
    }
    assertThat(strings(at(service("relay"), "healthcheck", "test")))
        .endsWith(relayMetricsPort(), "/health/live");
  }

  static String relayMetricsPort() {
    return DeployFiles.optionValue(strings(service("relay").get("command")), "--metrics-port");
  }

  @Test
  void prometheus_scrapes_serve_with_a_token_and_the_workers_and_loads_aurums_rules() {
    Map<String, String> mounts = mounts(service("prometheus"));
    Path config = DeployFiles.DEPLOY.resolve(key(mounts, "/etc/prometheus/prometheus.yml"));
    Map<String, Object> prometheus = DeployFiles.yaml(config);
    String rules = strings(prometheus.get("rule_files")).get(0);
    assertThat(key(mounts, rules)).isEqualTo("./prometheus/aurum-rules.yml");
    Map<String, List<String>> targets = new LinkedHashMap<>();
    Map<String, Object> serveJob = null;
    for (Object j : list(prometheus.get("scrape_configs"))) {
      List<String> t = new ArrayList<>();
      list(map(j).get("static_configs")).forEach(s -> t.addAll(strings(map(s).get("targets"))));
      targets.put((String) map(j).get("job_name"), t);
      if (t.contains("serve:" + servePort())) {
        serveJob = map(j);
      }
    }
    assertThat(serveJob).as("a job scraping serve:%d", servePort()).isNotNull();
    String tokenFile = (String) at(serveJob, "authorization", "credentials_file");
    // The token file is on the volume aurum-init writes the token it makes to.
    String dir = tokenFile.substring(0, tokenFile.lastIndexOf('/'));
    String volume = key(mounts, dir);
    Map<String, String> initMounts = mounts(service("aurum-init"));
    String initDir =
        initMounts.entrySet().stream()
            .filter(m -> m.getValue().equals(volume))
            .map(Map.Entry::getKey)
            .findFirst()
            .orElseThrow(() -> new AssertionError("aurum-init does not mount " + volume));
    String script = String.join(" ", strings(service("aurum-init").get("command")));
    assertThat(script)
        .contains("tokens create --role viewer")
        .contains(initDir + tokenFile.substring(dir.length()));
    List<String> all = targets.values().stream().flatMap(List::stream).toList();
    workers().forEach(w -> assertThat(all).contains(w + ":" + workerMetricsPort()));
    assertThat(all).contains("relay:" + relayMetricsPort());
  }

  @Test
  void grafana_is_provisioned_with_prometheus_and_the_dashboard() {
    Map<String, String> mounts = mounts(service("grafana"));
    assertThat(key(mounts, "/etc/grafana/provisioning")).isEqualTo("./grafana/provisioning");
    Path provisioning = DeployFiles.DEPLOY.resolve("grafana/provisioning");
    Map<String, Object> ds =
        map(
            list(DeployFiles.yaml(provisioning.resolve("datasources/prometheus.yaml"))
                    .get("datasources"))
                .get(0));
    assertThat(ds.get("type")).isEqualTo("prometheus");
    assertThat(ds.get("url")).isEqualTo("http://prometheus:9090");
    Map<String, Object> provider =
        map(
            list(DeployFiles.yaml(provisioning.resolve("dashboards/aurum.yaml")).get("providers"))
                .get(0));
    String folder = (String) at(provider, "options", "path");
    assertThat(key(mounts, folder + "/aurum-operations.json"))
        .isEqualTo("./grafana/aurum-operations.json");
  }

  /** A service's bind mounts and volumes: container path → host path or volume name. */
  static Map<String, String> mounts(Map<String, Object> service) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String v : strings(service.get("volumes"))) {
      String[] p = v.split(":");
      out.put(p[1], p[0]);
      if (p[0].startsWith(".")) {
        assertThat(DeployFiles.DEPLOY.resolve(p[0])).as(v).exists();
      }
    }
    return out;
  }

  static String key(Map<String, String> mounts, String containerPath) {
    assertThat(mounts).as("a mount at %s", containerPath).containsKey(containerPath);
    return mounts.get(containerPath);
  }
}
