package io.aurum.store;

import static io.aurum.store.testing.TestData.T0;
import static io.aurum.store.testing.TestData.drafts;
import static io.aurum.store.testing.TestData.finishing;
import static io.aurum.store.testing.TestData.operation;
import static io.aurum.store.testing.TestData.publish;
import static io.aurum.store.testing.TestData.rows;
import static org.assertj.core.api.Assertions.assertThat;

import io.aurum.core.model.Counters;
import io.aurum.core.model.PartitionKey;
import io.aurum.core.model.Task;
import io.aurum.core.model.TaskState;
import io.aurum.core.port.AuditLog;
import io.aurum.core.port.ClaimRequest;
import io.aurum.core.port.PublishBatch;
import io.aurum.core.port.PublishRequest;
import io.aurum.core.port.PublishResult;
import io.aurum.core.testing.MutableClock;
import io.aurum.store.testing.TestDatabase;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fencing: a publish is refused ({@link PublishResult.Fenced}) unless its task is still RUNNING
 * under the request's lease owner, checked in the transaction that would move the head. A fenced
 * request writes nothing — no version, rows, head, task change, outbox row or audit entry — and the
 * rest of its group commits as usual. Written once, run on every database.
 */
abstract class FencingContractTest {
  static final String STALE = "runner-a";
  static final String FRESH = "runner-b";

  @TempDir Path tempDir;
  TestDatabase db;
  MutableClock clock;
  JdbcStore store;

  abstract TestDatabase database(Path dir);

  @BeforeEach
  void openStore() {
    db = database(tempDir);
    clock = new MutableClock(T0);
    store = db.open(clock);
    store.operations().create(operation("OP"), drafts(3));
  }

  @AfterEach
  void closeStore() {
    store.close();
    db.close();
  }

  /**
   * Runner A claims the first task with a short lease and the others with a long one; the short
   * lease expires and runner B reclaims the first task. Returns the tasks in id order.
   */
  List<Task> firstTaskTakenOverByB() {
    List<Task> all = store.tasks().claim("OP", STALE, 1, T0, T0.plusSeconds(10));
    store.tasks().claim("OP", STALE, 2, T0, T0.plusSeconds(600));
    clock.set(T0.plusSeconds(11));
    assertThat(store.tasks().reclaimExpired(clock.instant())).isEqualTo(1);
    List<Task> b = store.tasks().claim("OP", FRESH, 1, clock.instant(), T0.plusSeconds(41));
    assertThat(b).extracting(Task::id).containsExactly(all.get(0).id());
    return store.tasks().list("OP", java.util.Set.of()).stream()
        .sorted(java.util.Comparator.comparingLong(Task::id))
        .toList();
  }

  PublishRequest request(Task t, String owner, int base) {
    PartitionKey k = t.partition();
    return publish(t.id(), owner, "OP", k, rows(k, 1, 24, base), null);
  }

  /** What a fenced request must not have written, counted over the whole database. */
  record Written(long versions, long heads, long observations, long outbox, long audit) {}

  Written written() {
    return new Written(
        count("SELECT COUNT(*) FROM partition_versions"),
        count("SELECT COUNT(*) FROM heads"),
        count("SELECT COUNT(*) FROM observations"),
        count("SELECT COUNT(*) FROM outbox"),
        store.audit().entries(null).size());
  }

  @Test
  void a_publish_under_a_lease_taken_over_is_fenced_and_writes_nothing() {
    Task task = firstTaskTakenOverByB().get(0);
    Written before = written();

    List<PublishResult> results = store.versions().publish(List.of(request(task, STALE, 1)));

    assertThat(results)
        .containsExactly(new PublishResult.Fenced(task.id(), TaskState.RUNNING, FRESH));
    assertThat(written()).isEqualTo(before);
    assertThat(store.versions().head(task.partition())).isEmpty();
    // The task is B's, untouched: same state, owner and lease.
    Task now = store.tasks().find(task.id()).orElseThrow();
    assertThat(now.state()).isEqualTo(TaskState.RUNNING);
    assertThat(now.leaseOwner()).isEqualTo(FRESH);
    assertThat(now.leaseUntil()).isEqualTo(T0.plusSeconds(41));
    assertThat(now.counters()).isEqualTo(task.counters());

    // B publishes; A, trying again, is fenced by the ended task: one version, B's.
    assertThat(store.versions().publish(List.of(request(task, FRESH, 2))))
        .singleElement()
        .isInstanceOf(PublishResult.Published.class);
    assertThat(store.versions().publish(List.of(request(task, STALE, 3))))
        .containsExactly(new PublishResult.Fenced(task.id(), TaskState.SUCCEEDED, null));
    assertThat(store.versions().versions(task.partition())).hasSize(1);
    assertThat(store.tasks().find(task.id()).orElseThrow().versionId())
        .isEqualTo(store.versions().head(task.partition()).orElseThrow().versionId());
  }

  @Test
  void a_publish_of_a_task_that_is_not_running_or_unknown_is_fenced() {
    // Never claimed (PENDING), claimed by someone else, or no such task: nobody's lease is ours.
    Task pending = store.tasks().list("OP", java.util.Set.of()).get(2);
    Task claimed = store.tasks().claim("OP", FRESH, 1, T0, T0.plusSeconds(60)).get(0);
    Written before = written();

    List<PublishResult> results =
        store
            .versions()
            .publish(
                List.of(
                    request(pending, STALE, 1),
                    request(claimed, STALE, 2),
                    publish(
                        999_999,
                        STALE,
                        "OP",
                        pending.partition(),
                        rows(pending.partition(), 1, 2, 3),
                        null)));

    assertThat(results)
        .containsExactly(
            new PublishResult.Fenced(pending.id(), TaskState.PENDING, null),
            new PublishResult.Fenced(claimed.id(), TaskState.RUNNING, FRESH),
            new PublishResult.Fenced(999_999, null, null));
    assertThat(written()).isEqualTo(before);
  }

  @Test
  void a_fenced_request_writes_nothing_while_the_rest_of_its_group_publishes() {
    List<Task> tasks = firstTaskTakenOverByB();
    Written before = written();

    // New versions on distinct partitions: PostgreSQL's pipelined group commit.
    List<PublishResult> results =
        store
            .versions()
            .publish(
                List.of(
                    request(tasks.get(0), STALE, 1),
                    request(tasks.get(1), STALE, 2),
                    request(tasks.get(2), STALE, 3)));

    assertFencedFirstAndOthersPublished(tasks, results, before);
  }

  @Test
  void a_fenced_request_writes_nothing_in_a_group_that_finishes_staged_versions() {
    List<Task> tasks = firstTaskTakenOverByB();
    // A staged a version of its first task before it stalled, and one of its second task.
    long stale = store.versions().stage(tasks.get(0).partition(), "OP", tasks.get(0).id(), "1");
    long staged = store.versions().stage(tasks.get(1).partition(), "OP", tasks.get(1).id(), "1");
    Written before = written();

    // A staged version in the group: the general group commit, on every database.
    List<PublishResult> results =
        store
            .versions()
            .publish(
                List.of(
                    finishing(request(tasks.get(0), STALE, 1), stale),
                    finishing(request(tasks.get(1), STALE, 2), staged),
                    request(tasks.get(2), STALE, 3)));

    assertFencedFirstAndOthersPublished(tasks, results, before);
    assertThat(store.versions().version(stale).orElseThrow().state())
        .isEqualTo(io.aurum.core.model.VersionState.STAGED);
  }

  @Test
  void a_claim_riding_with_a_fenced_request_commits_with_the_others() {
    List<Task> tasks = firstTaskTakenOverByB();
    store.operations().create(operation("NEXT"), drafts(2));
    Clock at = Clock.fixed(clock.instant(), ZoneOffset.UTC);

    PublishBatch batch =
        store
            .versions()
            .publish(
                List.of(request(tasks.get(0), STALE, 1), request(tasks.get(1), STALE, 2)),
                new ClaimRequest("NEXT", STALE, 5, at, Duration.ofSeconds(60)));

    assertThat(batch.results().get(0)).isInstanceOf(PublishResult.Fenced.class);
    assertThat(batch.results().get(1)).isInstanceOf(PublishResult.Published.class);
    assertThat(batch.claimed()).hasSize(2);
  }

  @Test
  void a_group_larger_than_one_read_of_the_holders_fences_exactly_its_stale_request() {
    // 130 requests: the holders are read 64 at a time, the last read padded.
    store.operations().create(operation("BIG"), drafts(130));
    List<Task> claimed = store.tasks().claim("BIG", STALE, 130, T0, T0.plusSeconds(600));
    Task lost = claimed.get(99);
    store.tasks().release(List.of(lost.id()), STALE);
    assertThat(store.tasks().claim("BIG", FRESH, 1, T0, T0.plusSeconds(600)))
        .extracting(Task::id)
        .containsExactly(lost.id());

    List<PublishResult> results =
        store
            .versions()
            .publish(
                claimed.stream()
                    .map(
                        t ->
                            publish(
                                t.id(),
                                STALE,
                                "BIG",
                                t.partition(),
                                rows(t.partition(), 1, 2, 1),
                                null))
                    .toList());

    assertThat(results).hasSize(130);
    assertThat(results.get(99))
        .isEqualTo(new PublishResult.Fenced(lost.id(), TaskState.RUNNING, FRESH));
    assertThat(results)
        .filteredOn(r -> r instanceof PublishResult.Published)
        .hasSize(129)
        .extracting(PublishResult::taskId)
        .doesNotContain(lost.id());
    assertThat(store.versions().head(lost.partition())).isEmpty();
  }

  @Test
  void a_worker_whose_lease_was_taken_over_changes_nothing_by_skip_fail_retry_defer_or_release() {
    List<Task> tasks = firstTaskTakenOverByB();
    long lost = tasks.get(0).id();
    Task before = store.tasks().find(lost).orElseThrow();
    Counters some = new Counters(1, 1, 1, 1, 1);

    store.tasks().skip(lost, STALE, "nothing to do", some);
    store.tasks().fail(lost, STALE, "boom", some);
    store.tasks().retryLater(lost, STALE, T0.plusSeconds(999), "429", some);
    store.tasks().defer(lost, STALE, T0.plusSeconds(999), "quota");
    store.tasks().release(List.of(lost), STALE);

    assertHeldByFreshAsBefore(before);
  }

  @Test
  void a_window_move_by_a_stale_worker_moves_its_own_tasks_and_leaves_the_taken_over_one() {
    List<Task> tasks = firstTaskTakenOverByB();
    long lost = tasks.get(0).id();
    Task before = store.tasks().find(lost).orElseThrow();
    List<Long> window = tasks.stream().map(Task::id).toList();

    store.tasks().failAll(window, STALE, "boom", new Counters(1, 1, 1, 1, 1));
    assertHeldByFreshAsBefore(before);
    assertThat(store.tasks().find(window.get(1)).orElseThrow().state()).isEqualTo(TaskState.FAILED);
    assertThat(store.tasks().find(window.get(2)).orElseThrow().state()).isEqualTo(TaskState.FAILED);

    store.tasks().deferAll(List.of(lost), STALE, T0.plusSeconds(999), "quota");
    store
        .tasks()
        .retryAllLater(
            List.of(lost), STALE, T0.plusSeconds(999), "503", new Counters(1, 1, 1, 1, 1));
    assertHeldByFreshAsBefore(before);

    // The lease holder still moves it.
    store.tasks().skip(lost, FRESH, "nothing to do", Counters.ZERO);
    assertThat(store.tasks().find(lost).orElseThrow().state()).isEqualTo(TaskState.SKIPPED);
  }

  /** The task is RUNNING under B's lease, exactly as it was: no state, error or counter moved. */
  private void assertHeldByFreshAsBefore(Task before) {
    Task now = store.tasks().find(before.id()).orElseThrow();
    assertThat(now.state()).isEqualTo(TaskState.RUNNING);
    assertThat(now.leaseOwner()).isEqualTo(FRESH);
    assertThat(now).isEqualTo(before);
  }

  private void assertFencedFirstAndOthersPublished(
      List<Task> tasks, List<PublishResult> results, Written before) {
    assertThat(results.get(0))
        .isEqualTo(new PublishResult.Fenced(tasks.get(0).id(), TaskState.RUNNING, FRESH));
    assertThat(results.subList(1, 3))
        .allSatisfy(r -> assertThat(r).isInstanceOf(PublishResult.Published.class));
    Written after = written();
    // Two versions, two heads, two outbox rows and two audit entries: none of them the fenced
    // one's.
    assertThat(after.heads()).isEqualTo(before.heads() + 2);
    assertThat(after.observations()).isEqualTo(before.observations() + 2 * 24);
    assertThat(after.outbox()).isEqualTo(before.outbox() + 2);
    assertThat(after.audit()).isEqualTo(before.audit() + 2);
    assertThat(store.versions().head(tasks.get(0).partition())).isEmpty();
    assertThat(store.audit().entries("OP"))
        .extracting(AuditLog.Entry::detail)
        .noneMatch(d -> d != null && d.contains(tasks.get(0).partition().toString()));
    assertThat(
            count(
                "SELECT COUNT(*) FROM outbox WHERE payload LIKE '%"
                    + tasks.get(0).partition()
                    + "%'"))
        .isZero();
    Task fenced = store.tasks().find(tasks.get(0).id()).orElseThrow();
    assertThat(fenced.state()).isEqualTo(TaskState.RUNNING);
    assertThat(fenced.leaseOwner()).isEqualTo(FRESH);
    assertThat(store.tasks().find(tasks.get(1).id()).orElseThrow().state())
        .isEqualTo(TaskState.SUCCEEDED);
    assertThat(store.tasks().find(tasks.get(2).id()).orElseThrow().state())
        .isEqualTo(TaskState.SUCCEEDED);
    assertThat(store.audit().firstBrokenEntry()).isEqualTo(-1);
  }

  long count(String sql) {
    return db.count(sql);
  }
}
