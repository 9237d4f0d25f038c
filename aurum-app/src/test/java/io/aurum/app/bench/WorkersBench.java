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
 * answering each request after {@code latency_ms} and enforcing no quota, with pages of {@code
 * page_rows} rows ({@code upstream_limits.json}; 120 is one day of the dataset's five hourly
 * series, so each partition is its own window and request and the work waits on the upstream, not
 * the CPU; 0 is EIA's 5,000-row pages). Per process count: partitions a second (from the submit to
 * SUCCEEDED, the workers already registered), the ratio to one process, the workers' CPU over the
 * run (user + system from /proc, as a share of the machine's cores), the whole machine's
 * (PostgreSQL and the sandbox included), and the ratio to what the cores allow: linear scaling from
 * the first run, capped by the partitions a second that all cores would give at the first run's CPU
 * per partition. One JSON line, with the load average before and after.
 *
 * <p>Arguments: {@code [days=365] [latency_ms=50] [concurrency=4] [processes=1,2,4]
 * [page_rows=120]}.
 */
public final class WorkersBench {
  private WorkersBench() {}

  /**
   * One process count's run; {@code machineBusy} is the share of all cores busy over the run (every
   * process: workers, PostgreSQL, the sandbox, this JVM).
   */
  record Run(int processes, int partitions, double seconds, double cpuSeconds, double machineBusy) {
    double perSecond() {
      return partitions / seconds;
    }

    /** Partitions a second if every core were busy at this run's CPU per partition. */
    double cpuLimit() {
      return perSecond() / Math.max(machineBusy, 1e-9);
    }
  }

  public static void main(String[] args) throws Exception {
    int days = args.length > 0 ? Integer.parseInt(args[0]) : 365;
    int latency = args.length > 1 ? Integer.parseInt(args[1]) : 50;
    int concurrency = args.length > 2 ? Integer.parseInt(args[2]) : 4;
    String procs = args.length > 3 ? args[3] : "1,2,4";
    int pageRows = args.length > 4 ? Integer.parseInt(args[4]) : 120;
    String loadBefore = Files.readString(Path.of("/proc/loadavg")).strip();
    List<Run> runs = new ArrayList<>();
    for (String p : procs.split(",")) {
      runs.add(run(days, latency, concurrency, Integer.parseInt(p.strip()), pageRows));
    }
    String loadAfter = Files.readString(Path.of("/proc/loadavg")).strip();
    int cores = Runtime.getRuntime().availableProcessors();
    StringBuilder rows = new StringBuilder();
    Run one = runs.get(0);
    for (Run r : runs) {
      if (rows.length() > 0) {
        rows.append(',');
      }
      // What the cores allow: linear scaling from the first run, capped by the partitions a
      // second the machine's cores give at the first run's CPU per partition.
      double ideal = one.perSecond() * r.processes() / one.processes();
      double allowed = Math.min(ideal, one.cpuLimit());
      rows.append(
          String.format(
              Locale.ROOT,
              "{\"processes\":%d,\"partitions_per_s\":%.1f,\"ratio\":%.2f,\"seconds\":%.1f,"
                  + "\"cpu_pct\":%.0f,\"machine_cpu_pct\":%.0f,\"cpu_limit_partitions_per_s\":%.1f,"
                  + "\"ratio_to_cpu_limit\":%.2f}",
              r.processes(),
              r.perSecond(),
              r.perSecond() / one.perSecond(),
              r.seconds(),
              100 * r.cpuSeconds() / (r.seconds() * cores),
              100 * r.machineBusy(),
              one.cpuLimit(),
              r.perSecond() / allowed));
    }
    System.out.printf(
        Locale.ROOT,
        "{\"bench\":\"workers\",\"db\":\"postgresql\",\"days\":%d,\"upstream_latency_ms\":%d,"
            + "\"concurrency\":%d,\"page_rows\":%d,\"cores\":%d,\"runs\":[%s],"
            + "\"load_before\":\"%s\",\"load_after\":\"%s\"}%n",
        days,
        latency,
        concurrency,
        pageRows,
        cores,
        rows,
        loadBefore,
        loadAfter);
  }

  static Run run(int days, int latency, int concurrency, int processes, int pageRows)
      throws Exception {
    Path tmp = Files.createTempDirectory("aurum-workers-bench");
    List<AurumProcess> workers = new ArrayList<>();
    try (CliFixture fx = new CliFixture(tmp, true, 1_000_000, 64)) {
      fx.sandbox.faults("eia").latencyMs(latency);
      if (pageRows > 0) {
        Files.writeString(
            fx.config.resolve("upstream_limits.json"),
            "{\"upstreams\": {\"eia\": {\"page_rows\": " + pageRows + "}}}");
      }
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
      long[] machine0 = machineCpu();
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
      // One store, read every 100 ms: the bench's own CPU is in the machine's figure.
      try (JdbcStore store = fx.openStore()) {
        while (true) {
          state = store.operations().find(id).orElseThrow().state();
          if (state != OperationState.RUNNING) {
            partitions = store.operations().progress(id).count(TaskState.SUCCEEDED);
            break;
          }
          Thread.sleep(100);
        }
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      double cpu = cpu(workers) - cpu0;
      long[] machine1 = machineCpu();
      double busy = (double) (machine1[0] - machine0[0]) / Math.max(1, machine1[1] - machine0[1]);
      if (state != OperationState.SUCCEEDED || partitions != days) {
        throw new IllegalStateException(id + " ended " + state + " with " + partitions);
      }
      for (AurumProcess w : workers) {
        w.process().destroy();
      }
      for (AurumProcess w : workers) {
        w.process().waitFor(30, TimeUnit.SECONDS);
      }
      return new Run(processes, partitions, seconds, cpu, busy);
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

  /** Busy and total jiffies of all cores (/proc/stat; idle and iowait are not busy). */
  private static long[] machineCpu() throws Exception {
    String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
    long total = 0;
    for (int i = 1; i < f.length; i++) {
      total += Long.parseLong(f[i]);
    }
    long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
    return new long[] {total - idle, total};
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
