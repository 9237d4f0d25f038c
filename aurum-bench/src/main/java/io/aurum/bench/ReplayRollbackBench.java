package io.aurum.bench;

import io.aurum.core.config.AurumConfig;
import io.aurum.core.engine.LiveProgress;
import io.aurum.core.engine.OperationRunner;
import io.aurum.core.model.Operation;
import io.aurum.core.model.OperationSpec;
import io.aurum.core.model.OperationType;
import io.aurum.core.model.Priority;
import io.aurum.core.model.SourceId;
import io.aurum.core.ops.OperationService;
import io.aurum.core.replay.ReplayPlanner;
import io.aurum.core.rollback.RollbackService;
import io.aurum.store.JdbcStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Issue 5's figures, one sitting: (1) a replay with an algorithm update (outlier detection) of one
 * year of hourly data for 50 series, in records/s, against a plain backfill of the same range; (2)
 * the emergency rollback of an operation that touched N partitions (default 10,000).
 *
 * <p>Usage: {@code ReplayRollbackBench sqlite|postgresql [days=365] [series=50] [rollback=10000]}.
 */
public final class ReplayRollbackBench {
  private ReplayRollbackBench() {}

  public static void main(String[] args) throws Exception {
    String db = args.length > 0 ? args[0] : "sqlite";
    int days = args.length > 1 ? Integer.parseInt(args[1]) : 365;
    int series = args.length > 2 ? Integer.parseInt(args[2]) : 50;
    int rollbackPartitions = args.length > 3 ? Integer.parseInt(args[3]) : 10_000;
    Path dir = BenchEnv.tempDir("aurum-replay-bench");
    String wide = InProcessSource.wideDatasetJson(series);
    Path configDir =
        BenchEnv.writeConfig(
            dir.resolve("config"), wide + ",\n" + InProcessSource.DATASET_JSON, 100_000_000, 64);
    AurumConfig config = AurumConfig.load(configDir);
    String url = BenchEnv.freshDatabase(db, dir);
    Map<String, Object> out = BenchEnv.json();
    out.put("bench", "replay_rollback");
    out.put("db", db);
    try (JdbcStore store =
        JdbcStore.open(
            url, db.equals("sqlite") ? JdbcStore.DEFAULT_SQLITE_POOL_SIZE : 8, Clock.systemUTC())) {
      OperationService service =
          Backfills.service(store, SourceId.EIA, new InProcessSource(), config, dir);
      ReplayPlanner replays = new ReplayPlanner(store, Map.of(), config, Clock.systemUTC());

      // 1. Backfill, then replay with an algorithm update, same range and concurrency.
      LocalDate start = LocalDate.of(2023, 1, 1);
      LocalDate end = start.plusDays(days - 1L);
      OperationSpec backfill = Backfills.spec(start, end, "BENCH.WIDE", 4, 5000, null);
      Backfills.Result b = Backfills.run(service, backfill, "bench backfill");
      long records = store.operations().progress(b.operationId()).counters().records();
      OperationSpec replaySpec =
          new OperationSpec(
              SourceId.EIA,
              start,
              end,
              List.of("BENCH.WIDE"),
              4,
              5000,
              3,
              null,
              1.0,
              true,
              "latest_wins",
              new io.aurum.core.model.ReplayParams(
                  null,
                  null,
                  null,
                  null,
                  io.aurum.core.model.OperationParams.Transforms.NONE.withAlgorithm(
                      "outlier_detection_v2", "sensitivity=0.8,window_size=24")));
      long t0 = System.nanoTime();
      Operation replay =
          replays.create(
              OperationType.REPLAY,
              "REPLAY_BENCH",
              replaySpec,
              replays.whole(replaySpec),
              Priority.NORMAL,
              "bench replay",
              "bench");
      OperationRunner.Outcome ro = service.start(replay.id(), "bench", new LiveProgress());
      double replaySeconds = (System.nanoTime() - t0) / 1e9;
      long replayed = store.operations().progress(replay.id()).counters().records();
      double backfillRate = records / b.seconds();
      double replayRate = replayed / replaySeconds;
      out.put("days", days);
      out.put("series", series);
      out.put("backfill_outcome", b.outcome().name());
      out.put("backfill_records", records);
      out.put("backfill_seconds", round(b.seconds()));
      out.put("backfill_records_per_s", Math.round(backfillRate));
      out.put("replay_outcome", ro.name());
      out.put("replay_records", replayed);
      out.put("replay_seconds", round(replaySeconds));
      out.put("replay_records_per_s", Math.round(replayRate));
      out.put("replay_vs_backfill", round(replayRate / backfillRate));

      // 2. Two backfills over N one-day partitions, then roll the second back at once.
      LocalDate r0 = LocalDate.of(1990, 1, 1);
      OperationSpec first =
          Backfills.spec(
              r0, r0.plusDays(rollbackPartitions - 1L), InProcessSource.DATASET, 4, 1000, null);
      Backfills.run(service, first, "bench rollback base");
      OperationSpec second =
          new OperationSpec(
              first.source(),
              first.startDate(),
              first.endDate(),
              first.datasets(),
              4,
              1000,
              3,
              null,
              1.0,
              true,
              "latest_wins",
              null);
      Operation again =
          replays.create(
              OperationType.REPLAY,
              "REPLAY_ROLLBACK_BENCH",
              second,
              replays.whole(second),
              Priority.NORMAL,
              "bench rollback target",
              "bench");
      service.start(again.id(), "bench", new LiveProgress());
      RollbackService rollback =
          new RollbackService(store, Clock.systemUTC(), dir.resolve("backups"));
      long r1 = System.nanoTime();
      List<RollbackService.Done> done =
          rollback.rollback(
              new RollbackService.Request(
                  again.id(),
                  RollbackService.Type.EMERGENCY,
                  false,
                  false,
                  false,
                  false,
                  "bench",
                  "bench"));
      double rollbackSeconds = (System.nanoTime() - r1) / 1e9;
      out.put("rollback_partitions", rollbackPartitions);
      out.put(
          "rollback_operations",
          new ArrayList<>(done.stream().map(RollbackService.Done::operationId).toList()));
      out.put("rollback_seconds", round(rollbackSeconds));
    } finally {
      BenchEnv.dropDatabase(url);
    }
    BenchEnv.printJson(out);
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }
}
