package io.aurum.bench;

import io.aurum.connectors.ConnectorSettings;
import io.aurum.connectors.eia.EiaConnector;
import io.aurum.core.config.AurumConfig;
import io.aurum.core.engine.EngineListener;
import io.aurum.core.engine.OperationRunner;
import io.aurum.core.model.OperationSpec;
import io.aurum.core.model.SourceId;
import io.aurum.core.ops.OperationService;
import io.aurum.sandbox.Sandbox;
import io.aurum.sandbox.SandboxConfig;
import io.aurum.sandbox.SourceStats;
import io.aurum.store.JdbcStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Map;

/**
 * Quota efficiency: the sandbox enforces Q requests/s for eia (429 + Retry-After beyond it); a
 * backfill of ELEC.DEMAND needing N requests runs with rate limit Q and enough concurrency not to
 * bind. Reports makespan / (N / Q) and the 429s the sandbox counted.
 *
 * <p>Usage: {@code QuotaEfficiencyBench [Q=20] [days=620] [concurrency=16]}.
 */
public final class QuotaEfficiencyBench {
  private QuotaEfficiencyBench() {}

  public static void main(String[] args) throws Exception {
    double q = args.length > 0 ? Double.parseDouble(args[0]) : 20;
    int days = args.length > 1 ? Integer.parseInt(args[1]) : 620;
    int concurrency = args.length > 2 ? Integer.parseInt(args[2]) : 16;
    Path dir = BenchEnv.tempDir("aurum-quota-bench");
    // The configured quota is the sandbox's, so that --rate-limit Q is within it.
    AurumConfig config =
        AurumConfig.load(BenchEnv.writeConfig(dir.resolve("config"), "", q, concurrency));
    LocalDate start = LocalDate.of(2021, 1, 1);
    String url = BenchEnv.freshDatabase("sqlite", dir);
    try (Sandbox sandbox = Sandbox.start(SandboxConfig.defaults().withPort(0).withQuota("eia", q));
        JdbcStore store = JdbcStore.open(url)) {
      EiaConnector connector =
          new EiaConnector(
              ConnectorSettings.fromEnvironment(
                  Map.of("AURUM_EIA_BASE_URL", sandbox.baseUrl(), "EIA_API_KEY", "bench-key")));
      OperationService service =
          new OperationService(
              new OperationRunner.Dependencies(
                  store,
                  Map.of(SourceId.EIA, connector),
                  config,
                  Clock.systemUTC(),
                  dir.resolve("logs"),
                  EngineListener.NONE));
      OperationSpec spec =
          Backfills.spec(start, start.plusDays(days - 1L), "ELEC.DEMAND", concurrency, 1000, q);
      long planned = service.planner().plan(spec).requests();
      SourceStats.Snapshot before = sandbox.stats("eia");
      Backfills.Result r = Backfills.run(service, spec, "quota efficiency bench");
      SourceStats.Snapshot after = sandbox.stats("eia");
      long requests = after.requests() - before.requests();
      long throttled = after.throttled() - before.throttled();
      double ideal = planned / q;
      Map<String, Object> out = BenchEnv.json();
      out.put("bench", "quota_efficiency");
      out.put("quota_per_s", q);
      out.put("partitions", days);
      out.put("planned_requests", planned);
      out.put("sandbox_requests", requests);
      out.put("concurrency", concurrency);
      out.put("outcome", r.outcome().name());
      out.put("makespan_s", r.seconds());
      out.put("ideal_s", ideal);
      out.put("makespan_over_ideal", r.seconds() / ideal);
      out.put("http_429", throttled);
      BenchEnv.printJson(out);
      if (r.outcome() != OperationRunner.Outcome.SUCCEEDED) {
        System.exit(1);
      }
    }
  }
}
