package io.aurum.app.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * deploy/prometheus/aurum-rules.yml passes {@code promtool check rules}, watches only metrics Aurum
 * exports (those docs/monitoring.md lists, which MetricsCliTest checks against a real scrape), and
 * carries the same default thresholds as {@code aurum alerts configure} in the runbook.
 */
class PrometheusRulesTest {
  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  static final Path RULES = ROOT.resolve("deploy/prometheus/aurum-rules.yml");
  static final Path RULE_TESTS = ROOT.resolve("deploy/prometheus/aurum-rules.test.yml");

  @Test
  void the_rules_pass_promtool() throws Exception {
    String said = promtool("check", "rules", RULES.toString());
    assertThat(said).contains("SUCCESS: 4 rules found");
  }

  /**
   * promtool's rule unit tests: series crossing each threshold (and series staying inside it) give
   * exactly the alerts, labels and annotations aurum-rules.test.yml expects, at the times it says.
   */
  @Test
  void the_rules_pass_their_promtool_unit_tests() throws Exception {
    String tests = Files.readString(RULE_TESTS);
    for (String alert :
        List.of(
            "AurumErrorRateHigh",
            "AurumOperationTooLong",
            "AurumThroughputLow",
            "AurumRelayLagging")) {
      assertThat(tests).as("a test of " + alert).contains("alertname: " + alert);
    }
    String said = promtool("test", "rules", RULE_TESTS.toString());
    assertThat(said).contains("SUCCESS").doesNotContain("FAILED");
  }

  /** Runs promtool; skips the test, saying why, where promtool is not installed. */
  static String promtool(String... args) throws Exception {
    Assumptions.assumeTrue(
        installed("promtool"),
        "promtool is not on the PATH: install Prometheus's promtool to check deploy/prometheus");
    List<String> cmd = new java.util.ArrayList<>(List.of("promtool"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(String.join(" ", cmd) + " said: " + said).isZero();
    return said;
  }

  static boolean installed(String command) {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
        return true;
      }
    }
    return false;
  }

  @Test
  void every_metric_the_rules_read_is_one_aurum_exports() throws Exception {
    String rules = Files.readString(RULES);
    String documented = Files.readString(ROOT.resolve("docs/monitoring.md"));
    Set<String> used = new TreeSet<>();
    Matcher m = Pattern.compile("\\b((?:aurum|process)_[a-z_]+)\\b").matcher(rules);
    while (m.find()) {
      used.add(m.group(1));
    }
    assertThat(used)
        .contains(
            "aurum_upstream_requests_total",
            "aurum_rows_total",
            "aurum_operations_active",
            "aurum_relay_lag_seconds",
            "process_start_time_seconds");
    for (String name : used) {
      assertThat(documented).as(name + " in docs/monitoring.md").contains("`" + name);
    }
  }

  /**
   * The relay rule watches the lag only where a relay runs (the gauge exists nowhere else), counts
   * a database's relays once, and has a crossing, a stay inside and a recovery among its cases.
   */
  @Test
  void the_relay_rule_alerts_after_five_minutes_over_five_minutes_of_lag() throws Exception {
    String rules = Files.readString(RULES);
    String relay = rules.substring(rules.indexOf("- alert: AurumRelayLagging"));
    assertThat(relay)
        .contains("max by (job) (aurum_relay_lag_seconds)", "> 300", "for: 5m")
        .doesNotContain("absent(");
    String tests = Files.readString(RULE_TESTS);
    String cases = tests.substring(tests.indexOf("# relay lag:"));
    assertThat(cases)
        .contains("alertname: AurumRelayLagging")
        .contains("job: aurum-relay")
        .contains("exp_alerts: []");
    assertThat(cases.split("alertname: AurumRelayLagging")).hasSizeGreaterThanOrEqualTo(6);
  }

  @Test
  void the_thresholds_are_the_runbook_defaults() throws Exception {
    String rules = Files.readString(RULES);
    assertThat(rules).contains("> 0.05", "> 3600", "< 100", "[5m]", "for: 1m");
    assertThat(Files.readString(ROOT.resolve("docs/runbook.md")))
        .contains("--alert-thresholds \"error_rate:0.05,duration:3600,throughput:100\"");
  }
}
