package io.aurum.bench;

import io.aurum.connectors.ConnectorSettings;
import io.aurum.connectors.eia.EiaConnector;
import io.aurum.core.config.AurumConfig;
import io.aurum.core.engine.OperationRunner;
import io.aurum.core.model.OperationSpec;
import io.aurum.core.model.SourceId;
import io.aurum.core.ops.OperationService;
import io.aurum.sandbox.Sandbox;
import io.aurum.sandbox.SandboxConfig;
import io.aurum.sandbox.SourceStats;
import io.aurum.store.JdbcStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Map;

/**
 * Quota efficiency: the sandbox enforces Q requests/s for eia (429 + Retry-After beyond it), as a
 * strict sliding window of Q per second (the strictest reading of "Q a second", the default) or as
 * a token bucket of capacity Q; a backfill of ELEC.DEMAND runs with rate limit Q and enough
 * concurrency not to bind, through EIA's connector asked one day at a time ({@link
 * DayByDayConnector}), so that it takes N = days requests. Reports makespan ÷ ((N − 1) ÷ Q), the
 * upstream's own span (first accepted request to last) on the same scale, the 429s the sandbox
 * counted and the most requests it accepted within any one second.
 *
 * <p>Usage: {@code QuotaEfficiencyBench [Q=20] [days=620] [concurrency=16] [strict|bucket]
 * [rate=Q]}.
 */
public final class QuotaEfficiencyBench {
  private QuotaEfficiencyBench() {}

  public static void main(String[] args) throws Exception {
    double q = args.length > 0 ? Double.parseDouble(args[0]) : 20;
    int days = args.length > 1 ? Integer.parseInt(args[1]) : 620;
    int concurrency = args.length > 2 ? Integer.parseInt(args[2]) : 16;
    String mode = args.length > 3 ? args[3] : "strict";
    double rate = args.length > 4 ? Double.parseDouble(args[4]) : q;
    if (!mode.equals("strict") && !mode.equals("bucket")) {
      throw new IllegalArgumentException("mode must be strict or bucket, not " + mode);
    }
    Path dir = BenchEnv.tempDir("aurum-quota-bench");
    // The configured quota is the sandbox's, so that --rate-limit Q is within it.
    AurumConfig config =
        AurumConfig.load(BenchEnv.writeConfig(dir.resolve("config"), "", q, concurrency));
    LocalDate start = LocalDate.of(2021, 1, 1);
    String url = BenchEnv.freshDatabase("sqlite", dir);
    SandboxConfig sandboxConfig =
        mode.equals("strict")
            ? SandboxConfig.defaults().withPort(0).withStrictWindow("eia", (long) q, SECOND)
            : SandboxConfig.defaults().withPort(0).withQuota("eia", q);
    try (Sandbox sandbox = Sandbox.start(sandboxConfig);
        JdbcStore store = JdbcStore.open(url)) {
      EiaConnector connector =
          new EiaConnector(
              ConnectorSettings.fromEnvironment(
                  Map.of("AURUM_EIA_BASE_URL", sandbox.baseUrl(), "EIA_API_KEY", "bench-key")));
      OperationService service =
          Backfills.service(store, SourceId.EIA, new DayByDayConnector(connector), config, dir);
      OperationSpec spec =
          Backfills.spec(start, start.plusDays(days - 1L), "ELEC.DEMAND", concurrency, 1000, rate);
      long planned = service.planner().plan(spec).requests();
      sandbox.reset("eia");
      long t0 = System.nanoTime();
      Backfills.Result r = Backfills.run(service, spec, "quota efficiency bench");
      long t1 = System.nanoTime();
      SourceStats.Snapshot stats = sandbox.stats("eia");
      SourceStats.Timeline timeline = sandbox.timeline("eia");
      long requests = stats.requests();
      long accepted = timeline.acceptedNanos().length;
      double ideal = (accepted - 1) / q;
      Map<String, Object> out = BenchEnv.json();
      out.put("bench", "quota_efficiency");
      out.put("quota_mode", mode.equals("strict") ? "strict_window" : "token_bucket");
      out.put("quota_per_s", q);
      out.put("rate_limit_per_s", rate);
      out.put("partitions", days);
      out.put("planned_requests", planned);
      out.put("sandbox_requests", requests);
      out.put("accepted_requests", accepted);
      out.put("concurrency", concurrency);
      out.put("outcome", r.outcome().name());
      out.put("makespan_s", r.seconds());
      out.put("ideal_s", ideal);
      out.put("makespan_over_ideal", r.seconds() / ideal);
      out.put("upstream_span_over_ideal", timeline.acceptedSpanSeconds() / ideal);
      long[] times = timeline.acceptedNanos();
      if (times.length > 0) {
        // Before the first request: plan, create, start; after the last: its answer, the publish.
        out.put("lead_s", (times[0] - t0) / 1e9);
        out.put("tail_s", (t1 - times[times.length - 1]) / 1e9);
      }
      if (times.length > 1) {
        // Gaps between accepted requests as the upstream saw them: the spacing and its jitter.
        long[] gaps = new long[times.length - 1];
        for (int i = 1; i < times.length; i++) {
          gaps[i - 1] = times[i] - times[i - 1];
        }
        Arrays.sort(gaps);
        out.put("gap_min_ms", gaps[0] / 1e6);
        out.put("gap_p50_ms", gaps[gaps.length / 2] / 1e6);
        out.put("gap_p99_ms", gaps[gaps.length * 99 / 100] / 1e6);
        out.put("gap_max_ms", gaps[gaps.length - 1] / 1e6);
      }
      out.put("http_429", stats.throttled());
      out.put("most_accepted_in_1s", timeline.mostAcceptedWithin(SECOND));
      BenchEnv.printJson(out);
      if (r.outcome() != OperationRunner.Outcome.SUCCEEDED) {
        System.exit(1);
      }
    }
  }

  private static final Duration SECOND = Duration.ofSeconds(1);
}
