package io.aurum.app.bench;

import io.aurum.app.testing.AurumCli;
import io.aurum.app.testing.AurumProcess;
import io.aurum.app.testing.CliFixture;
import io.aurum.core.model.OperationState;
import io.aurum.core.model.TaskState;
import io.aurum.store.JdbcStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * {@code bench/run.sh workers}: throughput of 1, 2, 4… worker processes (child JVMs, {@code aurum
 * worker}) on one PostgreSQL running one submitted sandbox backfill of EIA ELEC.DEMAND, the sandbox
 * answering each request after {@code latency_ms} and enforcing no quota. Per process count:
 * partitions a second (from the submit to SUCCEEDED, the workers already registered), the ratio to
 * one process, and the workers' CPU over the run (user + system from /proc, as a share of the
 * machine's cores). One JSON line, with the load average before and after.
 *
 * <p>Arguments: {@code [days=365] [latency_ms=50] [concurrency=4] [processes=1,2,4]}.
 */
public final class WorkersBench {
  private WorkersBench() {}

  record Run(int processes, int partitions, double seconds, double cpuSeconds) {
    double perSecond() {
      return partitions / seconds;
    }
  }

  public static void main(String[] args) throws Exception {
    int days = args.length > 0 ? Integer.parseInt(args[0]) : 365;
    int latency = args.length > 1 ? Integer.parseInt(args[1]) : 50;
    int concurrency = args.length > 2 ? Integer.parseInt(args[2]) : 4;
    String procs = args.length > 3 ? args[3] : "1,2,4";
    String loadBefore = Files.readString(Path.of("/proc/loadavg")).strip();
    List<Run> runs = new ArrayList<>();
    for (String p : procs.split(",")) {
      runs.add(run(days, latency, concurrency, Integer.parseInt(p.strip())));
    }
    String loadAfter = Files.readString(Path.of("/proc/loadavg")).strip();
    int cores = Runtime.getRuntime().availableProcessors();
    StringBuilder rows = new StringBuilder();
    for (Run r : runs) {
      if (rows.length() > 0) {
        rows.append(',');
      }
      rows.append(
          String.format(
              Locale.ROOT,
              "{\"processes\":%d,\"partitions_per_s\":%.1f,\"ratio\":%.2f,\"seconds\":%.1f,"
                  + "\"cpu_pct\":%.0f}",
              r.processes(),
              r.perSecond(),
              r.perSecond() / runs.get(0).perSecond(),
              r.seconds(),
              100 * r.cpuSeconds() / (r.seconds() * cores)));
    }
    System.out.printf(
        Locale.ROOT,
        "{\"bench\":\"workers\",\"db\":\"postgresql\",\"days\":%d,\"upstream_latency_ms\":%d,"
            + "\"concurrency\":%d,\"cores\":%d,\"runs\":[%s],\"load_before\":\"%s\","
            + "\"load_after\":\"%s\"}%n",
        days,
        latency,
        concurrency,
        cores,
        rows,
        loadBefore,
        loadAfter);
  }

  static Run run(int days, int latency, int concurrency, int processes) throws Exception {
    Path tmp = Files.createTempDirectory("aurum-workers-bench");
    List<AurumProcess> workers = new ArrayList<>();
    try (CliFixture fx = new CliFixture(tmp, true, 1_000_000, 64)) {
      fx.sandbox.faults("eia").latencyMs(latency);
      for (int i = 0; i < processes; i++) {
        workers.add(
            AurumProcess.start(
                tmp.resolve("proc"),
                fx.env(),
                "worker",
                "--sources",
                "eia",
                "--concurrency",
                String.valueOf(concurrency)));
      }
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
      while (live(fx) < processes) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the workers did not register in 5 minutes");
        }
        Thread.sleep(200);
      }
      double cpu0 = cpu(workers);
      long t0 = System.nanoTime();
      LocalDate start = LocalDate.of(2022, 1, 1);
      AurumCli.Result r =
          fx.backfillEiaDemand(start.toString(), start.plusDays(days - 1).toString(), "--submit");
      if (r.exit() != 0) {
        throw new IllegalStateException(r.all());
      }
      String id = r.out().lines().filter(l -> l.contains(" DETACHED")).findFirst().orElseThrow();
      id = id.substring(0, id.indexOf(' '));
      OperationState state;
      int partitions;
      while (true) {
        try (JdbcStore store = fx.openStore()) {
          state = store.operations().find(id).orElseThrow().state();
          partitions = store.operations().progress(id).count(TaskState.SUCCEEDED);
        }
        if (state != OperationState.RUNNING) {
          break;
        }
        Thread.sleep(50);
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      double cpu = cpu(workers) - cpu0;
      if (state != OperationState.SUCCEEDED || partitions != days) {
        throw new IllegalStateException(id + " ended " + state + " with " + partitions);
      }
      for (AurumProcess w : workers) {
        w.process().destroy();
      }
      for (AurumProcess w : workers) {
        w.process().waitFor(30, TimeUnit.SECONDS);
      }
      return new Run(processes, partitions, seconds, cpu);
    } finally {
      workers.forEach(AurumProcess::close);
    }
  }

  private static int live(CliFixture fx) {
    try (JdbcStore store = fx.openStore()) {
      return store.workers().live(Instant.now().minusSeconds(30)).size();
    } catch (RuntimeException notYet) {
      return 0;
    }
  }

  /** User + system CPU seconds of the processes so far (/proc/PID/stat, 100 ticks a second). */
  private static double cpu(List<AurumProcess> ps) throws Exception {
    double total = 0;
    for (AurumProcess p : ps) {
      String stat = Files.readString(Path.of("/proc/" + p.process().pid() + "/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      total += (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
    }
    return total;
  }
}
