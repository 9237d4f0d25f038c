package io.aurum.store.bench;

import io.aurum.core.model.Checksums;
import io.aurum.core.model.Counters;
import io.aurum.core.model.Observation;
import io.aurum.core.model.Operation;
import io.aurum.core.model.PartitionKey;
import io.aurum.core.model.SourceId;
import io.aurum.core.model.Task;
import io.aurum.core.model.TaskDraft;
import io.aurum.core.port.PublishRequest;
import io.aurum.store.JdbcStore;
import io.aurum.store.testing.TestData;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Observation write throughput: N versions of 24 rows published in group commits, then one version
 * of a million rows. Usage: {@code WriteThroughput JDBC_URL [versions] [bigRows] [groupSize]}.
 */
public final class WriteThroughput {
  private WriteThroughput() {}

  public static void main(String[] args) {
    String url = args[0];
    int versions = args.length > 1 ? Integer.parseInt(args[1]) : 5_000;
    int bigRows = args.length > 2 ? Integer.parseInt(args[2]) : 1_000_000;
    int group = args.length > 3 ? Integer.parseInt(args[3]) : 50;
    try (JdbcStore store = JdbcStore.open(url)) {
      System.out.println("store: " + store.describe());
      small(store, versions, group);
      big(store, bigRows);
    }
  }

  private static void small(JdbcStore store, int versions, int group) {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    List<TaskDraft> drafts = new ArrayList<>(versions);
    for (int i = 0; i < versions; i++) {
      drafts.add(new TaskDraft(key("SMALL." + tag, i), null, null));
    }
    Operation op = store.operations().create(withPriority("BENCH_" + tag), drafts);
    List<Task> tasks =
        store
            .tasks()
            .claim(
                op.id(), TestData.OWNER, versions, Instant.now(), Instant.now().plusSeconds(3600));
    List<List<Observation>> rows = new ArrayList<>(versions);
    for (Task t : tasks) {
      rows.add(TestData.rows(t.partition(), 1, 24, 1.0));
    }
    long start = System.nanoTime();
    for (int i = 0; i < tasks.size(); i += group) {
      List<PublishRequest> batch = new ArrayList<>(group);
      for (int j = i; j < Math.min(i + group, tasks.size()); j++) {
        Task t = tasks.get(j);
        batch.add(TestData.publish(t.id(), op.id(), t.partition(), rows.get(j), null));
      }
      store.versions().publish(batch);
    }
    report(versions + " versions x 24 rows (group commit " + group + ")", versions * 24L, start);
  }

  private static void big(JdbcStore store, int n) {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    PartitionKey key = key("BIG." + tag, 0);
    Operation op =
        store
            .operations()
            .create(withPriority("BIGBENCH_" + tag), List.of(new TaskDraft(key, null, null)));
    Task t =
        store
            .tasks()
            .claim(op.id(), TestData.OWNER, 1, Instant.now(), Instant.now().plusSeconds(3600))
            .get(0);
    List<Observation> rows = new ArrayList<>(n);
    Instant base = Instant.parse("2024-01-01T00:00:00Z");
    int series = 1000;
    for (int i = 0; i < n; i++) {
      rows.add(
          new Observation(
              "S" + (i % series), base.plusSeconds(3600L * (i / series)), i * 0.5, "MWh", null));
    }
    String checksum = Checksums.of(rows);
    long start = System.nanoTime();
    store
        .versions()
        .publish(
            List.of(
                new PublishRequest(
                    t.id(),
                    t.leaseOwner(),
                    op.id(),
                    key,
                    null,
                    rows,
                    rows.size(),
                    checksum,
                    "1",
                    1.0,
                    true,
                    null,
                    false,
                    null,
                    new Counters(n, 1, 0, 0, 0))));
    report("1 version x " + n + " rows", n, start);
  }

  private static Operation withPriority(String id) {
    return TestData.operation(id, io.aurum.core.model.Priority.NORMAL, Instant.now());
  }

  private static PartitionKey key(String dataset, int day) {
    return new PartitionKey(SourceId.EIA, dataset, LocalDate.of(2020, 1, 1).plusDays(day));
  }

  private static void report(String what, long rows, long startNanos) {
    double secs = (System.nanoTime() - startNanos) / 1e9;
    System.out.printf(
        "%-45s %,12d rows in %7.3f s = %,12.0f rows/s%n", what, rows, secs, rows / secs);
  }
}
