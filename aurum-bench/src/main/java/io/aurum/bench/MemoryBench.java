package io.aurum.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import io.aurum.connectors.ConnectorSettings;
import io.aurum.connectors.eia.EiaConnector;
import io.aurum.connectors.fred.FredConnector;
import io.aurum.connectors.iso.IsoConnector;
import io.aurum.core.config.AurumConfig;
import io.aurum.core.engine.LiveProgress;
import io.aurum.core.engine.OperationRunner;
import io.aurum.core.model.Operation;
import io.aurum.core.model.OperationSpec;
import io.aurum.core.model.OperationType;
import io.aurum.core.model.Priority;
import io.aurum.core.model.SourceId;
import io.aurum.core.model.TaskState;
import io.aurum.core.ops.OperationIds;
import io.aurum.core.ops.OperationService;
import io.aurum.core.plan.Planner;
import io.aurum.core.port.Connector;
import io.aurum.sandbox.Sandbox;
import io.aurum.sandbox.SandboxConfig;
import io.aurum.store.JdbcStore;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;

/**
 * Memory: large backfills, each run by a child JVM under a small heap against upstreams hosted by
 * the parent (so the child's heap is Aurum's alone); the child reports its peak heap: the sum of
 * the heap pools' peak usage, the peak of 20 ms samples of used heap (both count garbage not yet
 * collected, so they grow towards the maximum heap whatever the run keeps), and the largest heap
 * left after a collection (what the run kept alive). Cases:
 *
 * <ul>
 *   <li>{@code eia}: ten years hourly, ELEC.DEMAND 2014-01-01..2023-12-31 (3,652 partitions, pages
 *       of 5,000 rows), sandbox without quota.
 *   <li>{@code nyiso5}: ten years of five-minute prices, NYISO.RT_LBMP_5MIN 2015-01-01..2024-12-31
 *       (3,653 partitions, 11.6 M rows), one monthly archive a window (about 98,000 rows), sandbox
 *       without quota.
 *   <li>{@code fred100k}: one FRED window of 100,000 observations: a one-series daily dataset over
 *       the 100,000 days ending 2023-12-31 (100,000 partitions, one request), from {@link
 *       FredLongServer} (the sandbox's FRED starts in 2000).
 * </ul>
 *
 * <p>Usage: {@code MemoryBench [heap=256m] [concurrency=8] [cases=eia,nyiso5,fred100k]}; one JSON
 * line per case. A child that runs out of heap prints a class histogram (jcmd) on stderr.
 */
public final class MemoryBench {
  private MemoryBench() {}

  static final List<String> CASES = List.of("eia", "nyiso5", "fred100k");

  /** The one-series dataset of the FRED case. */
  static final String FRED_LONG =
      """
      {"source": "fred", "name": "FRED.LONG_DAILY", "description": "memory bench: one daily series, 100,000 days",
       "frequency": "daily", "zone": "UTC", "schema_version": "v1.0", "publication_lag_hours": 24,
       "series": ["BENCHLONG"], "unit": "percent", "min_value": -5, "max_value": 25,
       "upstream": {"endpoint": "series/observations"}}""";

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("--child")) {
      child(args[1], args[2], args[3], Integer.parseInt(args[4]), args[5]);
      return;
    }
    String heap = args.length > 0 ? args[0] : "256m";
    String concurrency = args.length > 1 ? args[1] : "8";
    List<String> cases = args.length > 2 ? Arrays.asList(args[2].split(",")) : CASES;
    int failed = 0;
    try (Sandbox sandbox = Sandbox.start(SandboxConfig.defaults().withPort(0).withoutQuotas());
        FredLongServer fred = FredLongServer.start()) {
      for (String c : cases) {
        if (!CASES.contains(c)) {
          throw new IllegalArgumentException("unknown case " + c + ": use " + CASES);
        }
        List<String> cmd = new ArrayList<>();
        String java = Path.of(System.getProperty("java.home"), "bin").toString();
        cmd.add(java + "/java");
        cmd.add("-Xmx" + heap);
        // Where the heap went if it runs out: the live classes by size, on stderr.
        cmd.add(
            "-XX:OnOutOfMemoryError=sh -c '"
                + java
                + "/jcmd %p GC.class_histogram | head -40 >&2'");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(MemoryBench.class.getName());
        cmd.add("--child");
        cmd.add(c);
        cmd.add(sandbox.baseUrl());
        cmd.add(fred.baseUrl());
        cmd.add(concurrency);
        cmd.add(heap);
        Process p = new ProcessBuilder(cmd).inheritIO().start();
        if (!p.waitFor(30, TimeUnit.MINUTES)) {
          System.err.println("case " + c + " still running after 30 min: its threads and heap");
          new ProcessBuilder(java + "/jcmd", Long.toString(p.pid()), "Thread.print")
              .inheritIO()
              .start()
              .waitFor();
          p.destroyForcibly();
        }
        if (p.waitFor() != 0) {
          System.err.println("case " + c + ": child JVM exited with " + p.exitValue());
          failed++;
        }
      }
    }
    if (failed > 0) {
      System.exit(1);
    }
  }

  /**
   * The largest heap left after any collection (every heap pool's usage after it): what the run
   * kept alive, as opposed to the used heap, which also counts garbage not yet collected.
   */
  private static AtomicLong afterGcPeak() {
    AtomicLong peak = new AtomicLong();
    long max = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax();
    AtomicBoolean histogram = new AtomicBoolean();
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      ((NotificationEmitter) gc)
          .addNotificationListener(
              (n, handback) -> {
                if (!n.getType()
                    .equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
                  return;
                }
                var info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
                long used = 0;
                for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                  MemoryUsage u = info.getGcInfo().getMemoryUsageAfterGc().get(pool.getName());
                  if (pool.getType() == MemoryType.HEAP && u != null) {
                    used += u.getUsed();
                  }
                }
                peak.accumulateAndGet(used, Math::max);
                if (used > max / 2 && histogram.compareAndSet(false, true)) {
                  Thread t = new Thread(MemoryBench::printHistogram, "heap-histogram");
                  t.setDaemon(true);
                  t.start();
                }
              },
              null,
              null);
    }
    return peak;
  }

  /**
   * Prints the classes holding the most live heap (a full collection first) on stderr: called once,
   * when the heap left after a collection first passes half the maximum.
   */
  private static void printHistogram() {
    try {
      String text =
          (String)
              ManagementFactory.getPlatformMBeanServer()
                  .invoke(
                      new ObjectName("com.sun.management:type=DiagnosticCommand"),
                      "gcClassHistogram",
                      new Object[] {new String[0]},
                      new String[] {String[].class.getName()});
      String[] lines = text.split("\n");
      System.err.println(
          "# live heap passed half the maximum; top classes (jcmd GC.class_histogram):");
      for (int i = 0; i < Math.min(lines.length, 30); i++) {
        System.err.println("# " + lines[i]);
      }
    } catch (Exception e) {
      System.err.println("# no class histogram: " + e);
    }
  }

  /** Plans and creates the backfill; the plan is not kept (its partitions would count as heap). */
  private static Operation create(OperationService service, OperationSpec spec, long[] requests) {
    Planner.Plan plan = service.planner().plan(spec);
    requests[0] = plan.requests();
    return service.create(
        OperationType.BACKFILL,
        OperationIds.of(OperationType.BACKFILL, spec.endDate(), spec.source()),
        spec,
        plan,
        Priority.NORMAL,
        "memory bench",
        "bench");
  }

  private static void child(
      String name, String sandboxUrl, String fredUrl, int concurrency, String heap)
      throws IOException {
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
    AtomicLong afterGcPeak = afterGcPeak();
    Path dir = BenchEnv.tempDir("aurum-memory-bench");
    Path configDir =
        BenchEnv.writeConfig(
            dir.resolve("config"), name.equals("fred100k") ? FRED_LONG : "", 1_000_000, 64);
    // No quota anywhere: the bench is about the heap, not the pacing.
    Files.writeString(
        configDir.resolve("data_source_quotas.json"),
        """
        {"sources": {
          "eia":  {"limits": [{"requests": 1000000, "period": "PT1S"}], "max_concurrency": 64, "reserved_share": 0.2, "typical_latency_ms": 1},
          "fred": {"limits": [{"requests": 1000000, "period": "PT1S"}], "max_concurrency": 64},
          "cpi":  {"limits": [{"requests": 500, "period": "P1D"}], "max_concurrency": 1},
          "noaa": {"limits": [{"requests": 1000000, "period": "PT1S"}], "max_concurrency": 64},
          "iso":  {"limits": [{"requests": 1000000, "period": "PT1S"}], "max_concurrency": 64}
        }}
        """);
    AurumConfig config = AurumConfig.load(configDir);
    String url = BenchEnv.freshDatabase("sqlite", dir);
    ConnectorSettings settings =
        ConnectorSettings.fromEnvironment(
            Map.of(
                "AURUM_EIA_BASE_URL", sandboxUrl,
                "AURUM_NYISO_BASE_URL", sandboxUrl,
                "AURUM_FRED_BASE_URL", fredUrl,
                "EIA_API_KEY", "bench-key",
                "FRED_API_KEY", "bench-key-0123456789"));
    SourceId source;
    String dataset;
    LocalDate start;
    LocalDate end;
    Connector connector;
    switch (name) {
      case "eia" -> {
        source = SourceId.EIA;
        dataset = "ELEC.DEMAND";
        start = LocalDate.of(2014, 1, 1);
        end = LocalDate.of(2023, 12, 31);
        connector = new EiaConnector(settings);
      }
      case "nyiso5" -> {
        source = SourceId.ISO;
        dataset = "NYISO.RT_LBMP_5MIN";
        start = LocalDate.of(2015, 1, 1);
        end = LocalDate.of(2024, 12, 31);
        connector = new IsoConnector(settings);
      }
      default -> {
        source = SourceId.FRED;
        dataset = "FRED.LONG_DAILY";
        end = LocalDate.of(2023, 12, 31);
        start = end.minusDays(99_999);
        connector = new FredConnector(settings);
      }
    }
    try (JdbcStore store = JdbcStore.open(url)) {
      OperationService service = Backfills.service(store, source, connector, config, dir);
      OperationSpec spec = Backfills.spec(source, start, end, dataset, concurrency, 1000, null);
      long t0 = System.nanoTime();
      long[] plannedRequests = new long[1];
      Operation op = create(service, spec, plannedRequests);
      OperationRunner.Outcome outcome = service.start(op.id(), "bench", new LiveProgress());
      double seconds = (System.nanoTime() - t0) / 1e9;
      var progress = store.operations().progress(op.id());
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
      out.put("case", name);
      out.put("dataset", dataset);
      out.put("range", start + ".." + end);
      out.put("xmx", heap);
      out.put("concurrency", concurrency);
      out.put("partitions", partitions);
      out.put("planned_requests", plannedRequests[0]);
      out.put("api_calls", progress.counters().apiCalls());
      out.put("outcome", outcome.name());
      out.put("tasks_succeeded", progress.count(TaskState.SUCCEEDED));
      // EIA-930 (and the sandbox) has no hourly demand before 2015-07-01: those days are
      // quarantined as empty, so the eia case ends FAILED with every task finished.
      out.put("tasks_quarantined_or_failed", progress.count(TaskState.FAILED));
      out.put("tasks_unfinished", partitions - progress.finished());
      out.put("rows", progress.counters().records());
      out.put("seconds", seconds);
      out.put("peak_heap_sampled_mb", sampledPeak.get() / 1048576.0);
      out.put("peak_heap_pools_mb", poolPeak / 1048576.0);
      out.put("peak_heap_after_gc_mb", afterGcPeak.get() / 1048576.0);
      out.put(
          "max_heap_mb",
          ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax() / 1048576.0);
      BenchEnv.printJson(out);
      // Completed = every task reached a final state within the heap (no OutOfMemoryError).
      if (progress.finished() != partitions) {
        System.exit(1);
      }
    } finally {
      if (System.getenv("AURUM_BENCH_KEEP") == null) {
        try (var paths = Files.walk(dir)) {
          for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
            Files.deleteIfExists(p);
          }
        }
      }
    }
  }
}
