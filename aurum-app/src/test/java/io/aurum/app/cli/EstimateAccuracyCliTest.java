package io.aurum.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aurum.app.testing.AurumCli;
import io.aurum.app.testing.CliFixture;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Estimates are checked against sandbox runs (issue 4): API calls within ±5 % of the actual, and,
 * where the quota binds, the duration within ±20 %, read back with {@code report performance}.
 */
class EstimateAccuracyCliTest {
  @TempDir Path tmp;

  @ParameterizedTest(name = "{0} day(s) at a quota of {1}/s")
  @CsvSource({"1, 10", "30, 10", "365, 60"})
  void estimates_match_a_quota_bound_sandbox_run(int days, int quota) throws Exception {
    try (CliFixture fx = new CliFixture(tmp, false, quota, 8)) {
      LocalDate start = LocalDate.of(2023, 1, 1);
      String end = start.plusDays(days - 1).toString();
      var run =
          AurumCli.run(
              fx.env(),
              "backfill",
              "--source",
              "eia",
              "--datasets",
              "ELEC.DEMAND",
              "--start-date",
              start.toString(),
              "--end-date",
              end,
              "--concurrency",
              "8");
      assertThat(run.exit()).as(run.all()).isZero();
      String id = "BACKFILL_" + end.replace("-", "") + "_EIA";
      var report =
          AurumCli.run(fx.env(), "report", "performance", "--job-id", id, "--format", "json");
      assertThat(report.exit()).as(report.all()).isZero();
      JsonNode metrics = new ObjectMapper().readTree(report.out()).path("estimate_vs_actual");
      JsonNode calls = metric(metrics, "api_calls");
      assertThat(calls.path("actual").asDouble()).isEqualTo(fx.sandbox.stats("eia").requests());
      assertThat(calls.path("estimate").asDouble())
          .isCloseTo(
              calls.path("actual").asDouble(), within(0.05 * calls.path("actual").asDouble()));
      if (days > 1) {
        JsonNode duration = metric(metrics, "duration_seconds");
        double actual = duration.path("actual").asDouble();
        assertThat(duration.path("estimate").asDouble())
            .as("estimated vs actual seconds")
            .isCloseTo(actual, within(0.2 * actual));
      }
    }
  }

  private static JsonNode metric(JsonNode metrics, String name) {
    for (JsonNode m : metrics) {
      if (m.path("metric").asText().equals(name)) {
        return m;
      }
    }
    throw new AssertionError("no metric " + name + " in " + metrics);
  }
}
