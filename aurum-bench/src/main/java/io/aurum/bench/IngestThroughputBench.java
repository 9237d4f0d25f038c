package io.aurum.bench;

import io.aurum.connectors.ConnectorSettings;
import io.aurum.connectors.eia.EiaConnector;
import io.aurum.core.config.AurumConfig;
import io.aurum.core.engine.OperationRunner;
import io.aurum.core.model.OperationSpec;
import io.aurum.core.model.SourceId;
import io.aurum.core.ops.OperationService;
import io.aurum.store.JdbcStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Ingest throughput: upstream bytes to published rows. Pre-generated EIA v2 pages (208 series x 24
 * hours = 4,992 rows per page, one page per one-day partition) are served by a zero-latency local
 * HTTP server and go through the real EIA connector (HTTP client, streaming page parser), the
 * quality gate and the group commit (COPY on PostgreSQL, batched inserts on SQLite).
 *
 * <p>Usage: {@code IngestThroughputBench sqlite|postgresql [days=120] [concurrency=4]}.
 */
public final class IngestThroughputBench {
  static final int SERIES = 208;
  static final String DATASET = "BENCH.WIDE";

  private IngestThroughputBench() {}

  public static void main(String[] args) throws Exception {
    String db = args.length > 0 ? args[0] : "sqlite";
    int days = args.length > 1 ? Integer.parseInt(args[1]) : 120;
    int concurrency = args.length > 2 ? Integer.parseInt(args[2]) : 4;
    List<String> respondents = new ArrayList<>();
    List<String> series = new ArrayList<>();
    for (int i = 0; i < SERIES; i++) {
      String r = String.format("R%03d", i);
      respondents.add(r);
      series.add("\"" + r + "-D\"");
    }
    String dataset =
        """
        {"source": "eia", "name": "%s", "description": "bench: many hourly series per page",
         "frequency": "hourly", "zone": "UTC", "schema_version": "v2.0", "series": [%s],
         "unit": "MWh", "min_value": 0, "max_value": 250000,
         "upstream": {"route": "electricity/rto/region-data", "frequency": "hourly",
                      "facet": "respondent", "type_facet": "type", "type": "D", "data": "value"}}
        """
            .formatted(DATASET, String.join(", ", series));
    Path dir = BenchEnv.tempDir("aurum-ingest-bench");
    AurumConfig config =
        AurumConfig.load(BenchEnv.writeConfig(dir.resolve("config"), dataset, 1_000_000, 64));
    LocalDate start = LocalDate.of(2020, 1, 1);
    String url = BenchEnv.freshDatabase(db, dir);
    try (EiaPageServer upstream = EiaPageServer.start(start, days, respondents);
        JdbcStore store =
            JdbcStore.open(
                url,
                db.equals("sqlite") ? JdbcStore.DEFAULT_SQLITE_POOL_SIZE : concurrency + 2,
                Clock.systemUTC())) {
      EiaConnector connector =
          new EiaConnector(
              ConnectorSettings.fromEnvironment(
                  Map.of("AURUM_EIA_BASE_URL", upstream.baseUrl(), "EIA_API_KEY", "bench-key")));
      OperationService service = Backfills.service(store, SourceId.EIA, connector, config, dir);
      // One version per page: a batch as large as the page, so nothing is staged separately.
      OperationSpec spec =
          Backfills.spec(start, start.plusDays(days - 1L), DATASET, concurrency, 5000, null);
      Backfills.Result r = Backfills.run(service, spec, "ingest throughput bench");
      long rows = store.operations().progress(r.operationId()).counters().records();
      Map<String, Object> out = BenchEnv.json();
      out.put("bench", "ingest_throughput");
      out.put("db", db);
      out.put("pages", days);
      out.put("rows_per_page", SERIES * 24);
      out.put("concurrency", concurrency);
      out.put("outcome", r.outcome().name());
      out.put("rows", rows);
      out.put("upstream_mb", upstream.bytes() / 1e6);
      out.put("seconds", r.seconds());
      out.put("rows_per_s", rows / r.seconds());
      out.put("mb_per_s", upstream.bytes() / 1e6 / r.seconds());
      BenchEnv.printJson(out);
      if (r.outcome() != OperationRunner.Outcome.SUCCEEDED || rows != (long) days * SERIES * 24) {
        System.exit(1);
      }
    } finally {
      BenchEnv.dropDatabase(url);
    }
  }
}
