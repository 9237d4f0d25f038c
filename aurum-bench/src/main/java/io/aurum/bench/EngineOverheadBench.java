package io.aurum.bench;

import io.aurum.app.alerts.AlertWatch;
import io.aurum.app.metrics.AurumMetrics;
import io.aurum.app.metrics.BothListeners;
import io.aurum.core.alert.AlertRequest;
import io.aurum.core.alert.Alerts;
import io.aurum.core.config.AurumConfig;
import io.aurum.core.engine.EngineListener;
import io.aurum.core.engine.OperationRunner;
import io.aurum.core.model.OperationSpec;
import io.aurum.core.model.SourceId;
import io.aurum.core.model.Task;
import io.aurum.core.ops.OperationService;
import io.aurum.store.JdbcStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Engine overhead: a zero-latency in-process upstream (24 rows per one-day partition, one series)
 * backfilled through the whole engine (plan, create, claim, fetch, quality gate, group commit).
 * Prints partitions/s for create + run and the claim → published time per partition.
 *
 * <p>Usage: {@code EngineOverheadBench sqlite|postgresql [partitions=10000] [concurrency=2]
 * [off|on|metrics] [warmup=0]}. With metrics on, the run is observed as {@code --metrics-port}
 * observes it, and alert rules are evaluated as a run evaluates them (every second here): a
 * Prometheus registry with the process and JVM binders, {@code EngineMetrics} on the engine's
 * listener and {@code /metrics} served (on a free port; nothing scrapes it); {@code metrics} is the
 * same without the alerts. {@code bench/run.sh overhead} alternates off and on.
 *
 * <p>{@code warmup} partitions (another range, same arm, same store) are backfilled first and not
 * measured: the measured run then starts with the JIT's work done, which on two cores is otherwise
 * a third of a 10,000-partition run's CPU and the largest source of its round-to-round noise.
 */
public final class EngineOverheadBench {
  private EngineOverheadBench() {}

  public static void main(String[] args) throws Exception {
    String db = args.length > 0 ? args[0] : "sqlite";
    int partitions = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
    int concurrency = args.length > 2 ? Integer.parseInt(args[2]) : 2;
    // off | on (metrics and alerts) | metrics (metrics alone, to tell the two costs apart)
    String arm = args.length > 3 ? args[3] : "off";
    boolean metricsOn = arm.equals("on") || arm.equals("metrics");
    boolean alertsOn = arm.equals("on");
    int warmup = args.length > 4 ? Integer.parseInt(args[4]) : 0;
    Path dir = BenchEnv.tempDir("aurum-engine-bench");
    Path configDir =
        BenchEnv.writeConfig(dir.resolve("config"), InProcessSource.DATASET_JSON, 100_000_000, 64);
    AurumConfig config = AurumConfig.load(configDir);
    Duration lease = config.defaults().engine().lease();
    String url = BenchEnv.freshDatabase(db, dir);
    int poolSize = db.equals("sqlite") ? JdbcStore.DEFAULT_SQLITE_POOL_SIZE : concurrency + 2;
    long[] overheadMicros = new long[partitions];
    long[] atMicros = new long[partitions];
    AtomicInteger published = new AtomicInteger();
    EngineListener listener =
        new EngineListener() {
          @Override
          public void taskPublished(Task task, long versionId, long records) {
            // The lease was taken at claim time: claimed at = lease end - lease length.
            long claimedAtMicros = (task.leaseUntil().toEpochMilli() - lease.toMillis()) * 1000;
            long nowMicros = System.currentTimeMillis() * 1000;
            int i = published.getAndIncrement();
            if (i < overheadMicros.length) {
              overheadMicros[i] = nowMicros - claimedAtMicros;
              atMicros[i] = nowMicros;
            }
          }
        };
    AurumMetrics metrics = metricsOn ? AurumMetrics.serve(0, Duration.ZERO) : null;
    EngineListener observed =
        BothListeners.of(listener, metrics == null ? null : metrics.listener());
    try (JdbcStore store = JdbcStore.open(url, poolSize, Clock.systemUTC());
        AlertWatch alerts = alertsOn ? alertsOn(store) : null) {
      OperationService service =
          Backfills.service(store, SourceId.EIA, new InProcessSource(), config, dir, observed);
      if (warmup > 0) {
        LocalDate from = LocalDate.of(1900, 1, 1);
        Backfills.run(
            service,
            Backfills.spec(
                from,
                from.plusDays(warmup - 1L),
                InProcessSource.DATASET,
                concurrency,
                OperationSpec.DEFAULT_BATCH_SIZE,
                null),
            "engine overhead bench warm-up");
        published.set(0);
      }
      LocalDate start = LocalDate.of(1990, 1, 1);
      OperationSpec spec =
          Backfills.spec(
              start,
              start.plusDays(partitions - 1L),
              InProcessSource.DATASET,
              concurrency,
              OperationSpec.DEFAULT_BATCH_SIZE,
              null);
      long cpuBefore = processCpuMillis();
      Backfills.Result r = Backfills.run(service, spec, "engine overhead bench");
      long runCpuMillis = processCpuMillis() - cpuBefore;
      OperationRunner.Outcome outcome = r.outcome();
      long records = store.operations().progress(r.operationId()).counters().records();
      int n = Math.min(published.get(), overheadMicros.length);
      // AURUM_BENCH_DUMP=FILE: a line per partition in publish order, its overhead in ms and the
      // wall-clock time it was published (epoch ms): where in the run the slow ones fall (the cold
      // start, a GC pause, a checkpoint), to match against -Xlog:gc,safepoint with wall times.
      String dump = System.getenv("AURUM_BENCH_DUMP");
      if (dump != null) {
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < n; i++) {
          lines
              .append(overheadMicros[i] / 1000)
              .append(' ')
              .append(atMicros[i] / 1000)
              .append('\n');
        }
        Files.writeString(Path.of(dump), lines);
      }
      // AURUM_BENCH_THREADS=1: CPU time per thread of this JVM (Linux /proc), compiler and GC
      // threads included, on standard error: where a slower arm's CPU goes.
      if (System.getenv("AURUM_BENCH_THREADS") != null) {
        threadCpu();
      }
      long[] sorted = Arrays.copyOf(overheadMicros, n);
      Arrays.sort(sorted);
      double seconds = r.seconds();
      Map<String, Object> out = BenchEnv.json();
      out.put("bench", "engine_overhead");
      out.put("db", db);
      out.put("partitions", partitions);
      out.put("concurrency", concurrency);
      out.put("metrics", arm);
      out.put("warmup_partitions", warmup);
      out.put("outcome", outcome.name());
      out.put("published", published.get());
      out.put("rows", records);
      out.put("create_s", r.createNanos() / 1e9);
      out.put("run_s", r.runNanos() / 1e9);
      out.put("seconds", seconds);
      out.put("partitions_per_s", partitions / seconds);
      // CPU of the whole process (every thread, the JIT compilers and GC included) while the
      // operation ran: on a shared machine a steadier measure of the work done than wall time.
      out.put("run_cpu_s", runCpuMillis / 1000.0);
      out.put("overhead_p50_ms", BenchEnv.percentile(sorted, 50) / 1000.0);
      out.put("overhead_p99_ms", BenchEnv.percentile(sorted, 99) / 1000.0);
      out.put("overhead_max_ms", n == 0 ? Double.NaN : sorted[n - 1] / 1000.0);
      BenchEnv.printJson(out);
      if (outcome != OperationRunner.Outcome.SUCCEEDED || published.get() != partitions) {
        System.exit(1);
      }
    } finally {
      if (metrics != null) {
        metrics.close();
      }
      BenchEnv.dropDatabase(url);
    }
  }

  /** User + system CPU of this process in ms, from Linux /proc (-1 where there is none). */
  private static long processCpuMillis() {
    try {
      String stat = Files.readString(Path.of("/proc/self/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10; // USER_HZ is 100
    } catch (java.io.IOException | RuntimeException e) {
      return -1;
    }
  }

  /**
   * Prints user + system CPU ms per thread name (numbers folded: aurum-worker-N), largest first.
   */
  private static void threadCpu() throws java.io.IOException {
    Map<String, Long> ms = new java.util.TreeMap<>();
    long tick = 10; // USER_HZ is 100 on Linux
    try (var tasks = Files.list(Path.of("/proc/self/task"))) {
      for (Path t : (Iterable<Path>) tasks::iterator) {
        String stat;
        try {
          stat = Files.readString(t.resolve("stat"));
        } catch (java.io.IOException e) {
          continue; // the thread ended
        }
        String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long cpu = (Long.parseLong(f[11]) + Long.parseLong(f[12])) * tick;
        ms.merge(name.replaceAll("[0-9]+$", "N"), cpu, Long::sum);
      }
    }
    ms.entrySet().stream()
        .filter(e -> e.getValue() > 0)
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .forEach(e -> System.err.printf("cpu_ms %-20s %d%n", e.getKey(), e.getValue()));
  }

  /**
   * The alerts of a run, as {@code backfill} runs them, but evaluated every second instead of every
   * 15 s: the runbook's three rules, no channel configured (an evaluation reads the store's figures
   * and moves alert state; notices need a firing alert, which this run never raises).
   */
  private static AlertWatch alertsOn(JdbcStore store) {
    new Alerts(store, Clock.systemUTC())
        .configure(
            AlertRequest.parse(
                "error_rate:0.05,duration:3600,throughput:100",
                "slack",
                "immediate_escalation",
                null,
                null,
                AlertRequest.DEFAULT_WINDOW,
                AlertRequest.DEFAULT_PENDING_FOR,
                AlertRequest.DEFAULT_ESCALATE_AFTER),
            "bench");
    return AlertWatch.start(store, Map.of("AURUM_ALERT_INTERVAL_SECONDS", "1"), Clock.systemUTC());
  }
}
