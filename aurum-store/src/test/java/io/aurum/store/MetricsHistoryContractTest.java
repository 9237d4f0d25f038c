package io.aurum.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurum.core.engine.OperationRunner.Outcome;
import io.aurum.core.history.HistoryRecorder;
import io.aurum.core.model.Operation;
import io.aurum.core.model.OperationType;
import io.aurum.core.model.SourceId;
import io.aurum.core.model.Task;
import io.aurum.core.port.MetricsHistory;
import io.aurum.core.port.MetricsHistory.OperationSample;
import io.aurum.core.port.MetricsHistory.SourceBucket;
import io.aurum.core.testing.MutableClock;
import io.aurum.store.testing.EngineFixture;
import io.aurum.store.testing.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19 part 2: the metrics history survives a restart (another store on the same database),
 * adds up one minute's traffic written by several processes, and is written by the engine's history
 * recorder at most once an interval and at a run's end.
 */
abstract class MetricsHistoryContractTest {
  static final Instant T0 = Instant.parse("2024-06-01T12:00:00Z");

  @TempDir Path tmp;
  TestDatabase db;
  EngineFixture f;

  abstract TestDatabase database(Path tmp);

  @BeforeEach
  void setUp() {
    db = database(tmp);
    f = new EngineFixture(db, new MutableClock(T0), tmp);
  }

  @AfterEach
  void tearDown() {
    f.store.close();
    db.close();
  }

  static OperationSample sample(
      String id, SourceId s, OperationType t, int atSecond, boolean last) {
    return new OperationSample(
        id, s, t, T0, T0.plusSeconds(atSecond), last, 100, 4, 1, 9, 2, 4096, 1 << 20);
  }

  @Test
  void samples_survive_a_restart_and_filter_by_time_source_and_type() {
    List<OperationSample> written =
        List.of(
            sample("BACKFILL_20240101_EIA", SourceId.EIA, OperationType.BACKFILL, 10, false),
            sample("BACKFILL_20240101_EIA", SourceId.EIA, OperationType.BACKFILL, 20, true),
            sample("REPLAY_20240101_FRED", SourceId.FRED, OperationType.REPLAY, 15, true));
    f.store.history().record(written, List.of());
    f.store.close();

    try (JdbcStore again = db.open()) {
      MetricsHistory h = again.history();
      Instant end = T0.plusSeconds(60);
      assertThat(h.samples(T0, end, null, null)).containsExactlyElementsOf(written);
      assertThat(h.samples(T0, end, SourceId.FRED, null)).containsExactly(written.get(2));
      assertThat(h.samples(T0, end, null, OperationType.BACKFILL))
          .containsExactly(written.get(0), written.get(1));
      // [from, to): a sample at `to` is left out.
      assertThat(h.samples(T0, T0.plusSeconds(15), null, null)).containsExactly(written.get(0));
      OperationSample s = written.get(1);
      assertThat(s.durationMillis()).isEqualTo(20_000);
      assertThat(s.throughput()).isEqualTo(5.0);
      assertThat(s.errorRate()).isEqualTo(0.25);
    }
    f = new EngineFixture(db, new MutableClock(T0), tmp.resolve("again"));
  }

  @Test
  void a_minute_written_by_several_processes_adds_up() {
    Instant minute = T0;
    f.store
        .history()
        .record(List.of(), List.of(new SourceBucket(SourceId.EIA, minute, 3, 1, 1, 40L, false)));
    try (JdbcStore other = db.open()) {
      other
          .history()
          .record(
              List.of(),
              List.of(
                  new SourceBucket(SourceId.EIA, minute, 2, 0, 0, null, true),
                  new SourceBucket(SourceId.FRED, minute, 1, 0, 0, null, false)));
      other
          .history()
          .record(List.of(), List.of(new SourceBucket(SourceId.EIA, minute, 0, 0, 1, 25L, false)));
    }
    f.store
        .history()
        .record(List.of(), List.of(new SourceBucket(SourceId.EIA, minute, 1, 0, 0, 30L, false)));

    assertThat(f.store.history().buckets(T0, T0.plusSeconds(60), SourceId.EIA))
        .containsExactly(new SourceBucket(SourceId.EIA, minute, 6, 1, 2, 25L, true));
    assertThat(f.store.history().buckets(T0, T0.plusSeconds(60), null)).hasSize(2);
    assertThat(f.store.history().buckets(T0.plusSeconds(60), T0.plusSeconds(120), null)).isEmpty();
  }

  @Test
  void the_recorder_samples_a_run_at_most_once_an_interval_and_at_its_end() {
    Operation op =
        f.started(
            OperationType.BACKFILL,
            f.spec(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 3), "latest_wins"));
    List<Task> tasks = f.store.tasks().list(op.id(), Set.of());
    AtomicLong heap = new AtomicLong(100);
    HistoryRecorder recorder =
        new HistoryRecorder(
            f.store.history(), f.clock, Duration.ofSeconds(10), heap::get, Runnable::run);
    MetricsHistory h = f.store.history();
    Instant end = T0.plus(Duration.ofHours(1));

    recorder.operationStarted(op);
    OperationSample first =
        new OperationSample(
            op.id(), SourceId.EIA, OperationType.BACKFILL, T0, T0, false, 0, 0, 0, 0, 0, 0, 100);
    assertThat(h.samples(T0, end, null, null)).as("a first sample at once").containsExactly(first);
    f.clock.advance(Duration.ofSeconds(1));
    recorder.taskPublished(tasks.get(0), 1, 10);
    recorder.upstreamRequest(op, "ELEC.DEMAND", 200, Duration.ofMillis(5));
    recorder.upstreamBytes(op, "ELEC.DEMAND", 1000);
    assertThat(h.samples(T0, end, null, null)).as("not yet an interval").containsExactly(first);

    f.clock.advance(Duration.ofSeconds(10));
    heap.set(300);
    recorder.taskPublished(tasks.get(1), 2, 20);
    assertThat(h.samples(T0, end, null, null))
        .containsExactly(
            first,
            new OperationSample(
                op.id(),
                SourceId.EIA,
                OperationType.BACKFILL,
                T0,
                T0.plusSeconds(11),
                false,
                30,
                2,
                0,
                1,
                0,
                1000,
                300));

    f.clock.advance(Duration.ofSeconds(9));
    heap.set(50);
    recorder.taskFailed(tasks.get(2), "bad");
    recorder.upstreamRequest(op, "ELEC.DEMAND", 429, Duration.ofMillis(5));
    recorder.upstreamThrottled(op, "eia");
    recorder.quotaLeft(SourceId.EIA, "eia", Duration.ofHours(1), 7);
    assertThat(h.samples(T0, end, null, null)).as("within the interval").hasSize(2);

    f.clock.advance(Duration.ofSeconds(1));
    recorder.operationEnded(op, Outcome.FAILED);
    List<OperationSample> all = h.samples(T0, end, null, null);
    assertThat(all).hasSize(3);
    // Memory is the run's peak over its samples: 100, 300, then 50.
    assertThat(all.get(2))
        .isEqualTo(
            new OperationSample(
                op.id(),
                SourceId.EIA,
                OperationType.BACKFILL,
                T0,
                T0.plusSeconds(21),
                true,
                30,
                3,
                1,
                2,
                1,
                1000,
                300));
    assertThat(h.buckets(T0, end, SourceId.EIA))
        .containsExactly(new SourceBucket(SourceId.EIA, T0, 2, 1, 1, 7L, false));
    recorder.close();
  }

  @Test
  void a_prune_deletes_samples_and_minutes_before_the_cutoff_only() {
    Instant cutoff = T0.plusSeconds(60);
    f.store
        .history()
        .record(
            List.of(
                sample("BACKFILL_20240101_EIA", SourceId.EIA, OperationType.BACKFILL, 10, false),
                sample("BACKFILL_20240101_EIA", SourceId.EIA, OperationType.BACKFILL, 60, false),
                sample("BACKFILL_20240101_EIA", SourceId.EIA, OperationType.BACKFILL, 70, true)),
            List.of(
                new SourceBucket(SourceId.EIA, T0, 3, 0, 0, null, false),
                new SourceBucket(SourceId.FRED, T0, 1, 0, 0, null, false),
                new SourceBucket(SourceId.EIA, cutoff, 2, 0, 0, null, false)));
    MetricsHistory h = f.store.history();
    Instant end = T0.plus(Duration.ofHours(1));

    assertThat(h.prune(cutoff)).isEqualTo(new MetricsHistory.Pruned(1, 2));
    assertThat(h.samples(T0, end, null, null))
        .extracting(s -> s.at().getEpochSecond() - T0.getEpochSecond())
        .containsExactly(60L, 70L);
    assertThat(h.buckets(T0, end, null))
        .containsExactly(new SourceBucket(SourceId.EIA, cutoff, 2, 0, 0, null, false));
    assertThat(h.prune(cutoff))
        .as("nothing left to prune")
        .isEqualTo(new MetricsHistory.Pruned(0, 0));
  }

  @Test
  void the_recorder_prunes_beyond_its_retention_when_a_run_starts_at_most_once_a_day() {
    // History of 100 and 10 days ago.
    Instant now = T0.plus(Duration.ofDays(100));
    f.store
        .history()
        .record(
            List.of(sample("BACKFILL_20240101_EIA", SourceId.EIA, OperationType.BACKFILL, 5, true)),
            List.of(new SourceBucket(SourceId.EIA, T0, 3, 0, 0, null, false)));
    Instant recent = T0.plus(Duration.ofDays(90));
    f.store
        .history()
        .record(
            List.of(
                new OperationSample(
                    "BACKFILL_20240102_EIA",
                    SourceId.EIA,
                    OperationType.BACKFILL,
                    recent,
                    recent.plusSeconds(5),
                    true,
                    1,
                    1,
                    0,
                    1,
                    0,
                    1,
                    1)),
            List.of(new SourceBucket(SourceId.EIA, recent, 1, 0, 0, null, false)));
    f.clock.set(now);
    Operation op =
        f.started(
            OperationType.BACKFILL,
            f.spec(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 3), "latest_wins"));
    HistoryRecorder recorder =
        new HistoryRecorder(
            f.store.history(),
            f.clock,
            Duration.ofSeconds(10),
            () -> 1,
            Runnable::run,
            Duration.ofDays(30));
    MetricsHistory h = f.store.history();
    Instant far = now.plus(Duration.ofDays(400));

    recorder.operationStarted(op);
    assertThat(h.samples(T0, far, null, null))
        .extracting(OperationSample::operationId)
        .containsExactlyInAnyOrder("BACKFILL_20240102_EIA", op.id());
    assertThat(h.buckets(T0, far, null)).extracting(SourceBucket::minute).containsExactly(recent);
    recorder.operationEnded(op, Outcome.SUCCEEDED);

    // A sample older than the retention, found 23 hours after the last prune: left for a day.
    Instant old = T0.plus(Duration.ofDays(60));
    f.store
        .history()
        .record(
            List.of(
                new OperationSample(
                    "BACKFILL_20231231_EIA",
                    SourceId.EIA,
                    OperationType.BACKFILL,
                    old,
                    old,
                    true,
                    1,
                    1,
                    0,
                    1,
                    0,
                    1,
                    1)),
            List.of());
    f.clock.set(now.plus(Duration.ofHours(23)));
    recorder.operationStarted(op);
    assertThat(h.samples(T0, far, null, null))
        .extracting(OperationSample::operationId)
        .contains("BACKFILL_20231231_EIA");
    recorder.operationEnded(op, Outcome.SUCCEEDED);
    // A day after the last prune, the next run's start prunes again.
    f.clock.set(now.plus(Duration.ofHours(25)));
    recorder.operationStarted(op);
    assertThat(h.samples(T0, far, null, null))
        .extracting(OperationSample::operationId)
        .doesNotContain("BACKFILL_20231231_EIA")
        .contains("BACKFILL_20240102_EIA");
    recorder.operationEnded(op, Outcome.SUCCEEDED);
    recorder.close();
  }
}
