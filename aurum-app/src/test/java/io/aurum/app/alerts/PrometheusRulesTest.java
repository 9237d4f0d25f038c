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
import org.junit.jupiter.api.Test;

/**
 * deploy/prometheus/aurum-rules.yml passes {@code promtool check rules}, watches only metrics Aurum
 * exports (those docs/monitoring.md lists, which MetricsCliTest checks against a real scrape), and
 * carries the same default thresholds as {@code aurum alerts configure} in the runbook.
 */
class PrometheusRulesTest {
  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  static final Path RULES = ROOT.resolve("deploy/prometheus/aurum-rules.yml");

  @Test
  void the_rules_pass_promtool() throws Exception {
    Process p =
        new ProcessBuilder(List.of("promtool", "check", "rules", RULES.toString()))
            .redirectErrorStream(true)
            .start();
    String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("promtool check rules said: " + said).isZero();
    assertThat(said).contains("SUCCESS: 3 rules found");
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
            "process_start_time_seconds");
    for (String name : used) {
      assertThat(documented).as(name + " in docs/monitoring.md").contains("`" + name);
    }
  }

  @Test
  void the_thresholds_are_the_runbook_defaults() throws Exception {
    String rules = Files.readString(RULES);
    assertThat(rules).contains("> 0.05", "> 3600", "< 100", "[5m]", "for: 1m");
    assertThat(Files.readString(ROOT.resolve("docs/runbook.md")))
        .contains("--alert-thresholds \"error_rate:0.05,duration:3600,throughput:100\"");
  }
}
