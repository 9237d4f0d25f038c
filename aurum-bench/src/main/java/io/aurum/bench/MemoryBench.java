package io.aurum.bench;

import io.aurum.connectors.ConnectorSettings;
import io.aurum.connectors.eia.EiaConnector;
import io.aurum.core.config.AurumConfig;
import io.aurum.core.engine.EngineListener;
import io.aurum.core.engine.OperationRunner;
import io.aurum.core.model.SourceId;
import io.aurum.core.ops.OperationService;
import io.aurum.sandbox.Sandbox;
import io.aurum.sandbox.SandboxConfig;
import io.aurum.store.JdbcStore;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Memory: a ten-year hourly backfill (ELEC.DEMAND 2014-01-01..2023-12-31, 3,652 partitions) against
 * the sandbox without quota, run by a child JVM under a small heap. The parent hosts the sandbox,
 * so the child's heap is Aurum's alone; the child reports its peak heap (sum of the heap pools'
 * peak usage, and the peak of 20 ms samples of used heap).
 *
 * <p>Usage: {@code MemoryBench [heap=256m] [concurrency=8]}.
 */
public final class MemoryBench {
  private MemoryBench() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("--child")) {
      child(args[1], Integer.parseInt(args[2]), args[3]);
      return;
    }
    String heap = args.length > 0 ? args[0] : "256m";
    String concurrency = args.length > 1 ? args[1] : "8";
    try (Sandbox sandbox = Sandbox.start(SandboxConfig.defaults().withPort(0).withoutQuotas())) {
      List<String> cmd = new ArrayList<>();
      cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      cmd.add("-Xmx" + heap);
      cmd.add("-cp");
      cmd.add(System.getProperty("java.class.path"));
      cmd.add(MemoryBench.class.getName());
      cmd.add("--child");
      cmd.add(sandbox.baseUrl());
      cmd.add(concurrency);
      cmd.add(heap);
      Process p = new ProcessBuilder(cmd).inheritIO().start();
      int rc = p.waitFor();
      if (rc != 0) {
        System.err.println("child JVM exited with " + rc);
        System.exit(rc);
      }
    }
  }

  private static void child(String baseUrl, int concurrency, String heap) throws IOException {
    AtomicLong sampledPeak = new AtomicLong();
    Thread sampler =
        new Thread(
            () -> {
              var mem = ManagementFactory.getMemoryMXBean();
              while (!Thread.currentThread().isInterrupted()) {
                sampledPeak.accumulateAndGet(mem.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                  Thread.sleep(20);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "heap-sampler");
    sampler.setDaemon(true);
    sampler.start();
    Path dir = BenchEnv.tempDir("aurum-memory-bench");
    AurumConfig config =
        AurumConfig.load(BenchEnv.writeConfig(dir.resolve("config"), "", 1_000_000, 64));
    String url = BenchEnv.freshDatabase("sqlite", dir);
    try (JdbcStore store = JdbcStore.open(url)) {
      EiaConnector connector =
          new EiaConnector(
              ConnectorSettings.fromEnvironment(
                  Map.of("AURUM_EIA_BASE_URL", baseUrl, "EIA_API_KEY", "bench-key")));
      OperationService service =
          new OperationService(
              new OperationRunner.Dependencies(
                  store,
                  Map.of(SourceId.EIA, connector),
                  config,
                  Clock.systemUTC(),
                  dir.resolve("logs"),
                  EngineListener.NONE));
      Backfills.Result r =
          Backfills.run(
              service,
              Backfills.spec(
                  LocalDate.of(2014, 1, 1),
                  LocalDate.of(2023, 12, 31),
                  "ELEC.DEMAND",
                  concurrency,
                  1000,
                  null),
              "memory bench");
      var progress = store.operations().progress(r.operationId());
      long records = progress.counters().records();
      int partitions = progress.total();
      sampler.interrupt();
      long poolPeak = 0;
      for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
        if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
          poolPeak += pool.getPeakUsage().getUsed();
        }
      }
      Map<String, Object> out = BenchEnv.json();
      out.put("bench", "memory");
      out.put("xmx", heap);
      out.put("concurrency", concurrency);
      out.put("partitions", partitions);
      out.put("outcome", r.outcome().name());
      out.put("tasks_succeeded", progress.count(io.aurum.core.model.TaskState.SUCCEEDED));
      // EIA-930 (and the sandbox) has no hourly demand before 2015-07-01: those days are
      // quarantined as empty, so the operation ends FAILED with every task finished.
      out.put("tasks_quarantined_or_failed", progress.count(io.aurum.core.model.TaskState.FAILED));
      out.put("tasks_unfinished", partitions - progress.finished());
      out.put("rows", records);
      out.put("seconds", r.seconds());
      out.put("peak_heap_sampled_mb", sampledPeak.get() / 1048576.0);
      out.put("peak_heap_pools_mb", poolPeak / 1048576.0);
      out.put(
          "max_heap_mb",
          ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax() / 1048576.0);
      BenchEnv.printJson(out);
      // Completed = every task reached a final state within the heap (no OutOfMemoryError).
      if (progress.finished() != partitions) {
        System.exit(1);
      }
    }
  }
}
