package io.aurum.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.aurum.core.engine.OperationRunner.Outcome;
import io.aurum.core.engine.OperationStepper;
import io.aurum.core.model.Head;
import io.aurum.core.model.Operation;
import io.aurum.core.model.OperationState;
import io.aurum.core.model.OperationType;
import io.aurum.core.model.PartitionKey;
import io.aurum.core.model.PartitionVersion;
import io.aurum.core.model.SourceId;
import io.aurum.core.model.Task;
import io.aurum.core.model.TaskState;
import io.aurum.core.model.VersionState;
import io.aurum.core.port.PublishResult;
import io.aurum.core.port.TaskRepository;
import io.aurum.core.testing.MutableClock;
import io.aurum.store.testing.EngineFixture;
import io.aurum.store.testing.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Races of the engine played step by step with {@link OperationStepper} and a settable clock, on
 * every database: what happens when a runner's lease expires while it publishes (its publish is
 * fenced: one version, the new owner's), when an operation is paused or force-cancelled while a
 * window is in flight. No thread races another and nothing sleeps: a window's page hook ({@code
 * InProcessConnector.afterFirstPage}) is where the other party acts, and {@link
 * OperationStepper#observe} is the run loop noticing it.
 */
abstract class EngineRaceContractTest {
  static final LocalDate DAY = LocalDate.of(2024, 1, 1);
  static final Duration PAST_THE_LEASES = Duration.ofSeconds(60);

  @TempDir Path tmp;
  TestDatabase db;
  EngineFixture f;
  TaskRepository tasks;

  abstract TestDatabase database(Path tmp);

  @BeforeEach
  void setUp() {
    db = database(tmp);
    f = new EngineFixture(db, new MutableClock(Instant.parse("2024-06-01T12:00:00Z")), tmp);
    tasks = f.store.tasks();
  }

  @AfterEach
  void tearDown() {
    f.store.close();
    db.close();
  }

  /** A backfill of three days, one task (and fetch window) a day, RUNNING. */
  Operation threeDays() {
    return f.started(OperationType.BACKFILL, f.spec(DAY, DAY.plusDays(2), "latest_wins"));
  }

  PartitionKey day(int offset) {
    return new PartitionKey(SourceId.EIA, "ELEC.DEMAND", DAY.plusDays(offset));
  }

  List<PartitionVersion> published(PartitionKey key) {
    return f.store.versions().versions(key).stream()
        .filter(v -> v.state() == VersionState.PUBLISHED)
        .toList();
  }

  int fetches(PartitionKey key) {
    var n = f.upstream.requestsPerPartition.get(key.toString());
    return n == null ? 0 : n.get();
  }

  @Test
  void a_stepper_runs_one_fetch_window_per_step_then_ends_the_operation() {
    Operation op = threeDays();
    try (OperationStepper stepper = new OperationStepper(f.deps, op.id(), "tester")) {
      OperationStepper.Step first = stepper.step();
      assertThat(first.window()).extracting(Task::partition).containsExactly(day(0));
      assertThat(first.ended()).isFalse();
      // One window done, the rest untouched: nothing else was claimed ahead.
      assertThat(tasks.list(op.id(), Set.of(TaskState.SUCCEEDED))).hasSize(1);
      assertThat(tasks.list(op.id(), Set.of(TaskState.PENDING))).hasSize(2);
      assertThat(f.store.versions().head(day(0))).isPresent();
      assertThat(f.store.versions().head(day(1))).isEmpty();

      assertThat(stepper.step().window()).extracting(Task::partition).containsExactly(day(1));
      assertThat(stepper.step().window()).extracting(Task::partition).containsExactly(day(2));
      OperationStepper.Step last = stepper.step();
      assertThat(last.window()).isEmpty();
      assertThat(last.outcome()).isEqualTo(Outcome.SUCCEEDED);
    }
    assertThat(f.store.operations().find(op.id()).orElseThrow().state())
        .isEqualTo(OperationState.SUCCEEDED);
    assertThat(f.upstream.requests.get()).isEqualTo(3);
  }

  @Test
  void a_retry_waits_for_the_clock_not_for_time_to_pass() {
    // Backoff of up to a minute (full jitter from a 60 s base).
    Operation op =
        f.started(
            OperationType.BACKFILL,
            new io.aurum.core.model.OperationSpec(
                SourceId.EIA,
                DAY,
                DAY.plusDays(2),
                List.of("ELEC.DEMAND"),
                1,
                1000,
                3,
                null,
                60.0,
                true,
                "latest_wins",
                null));
    f.upstream.scriptedFailures.add(
        io.aurum.core.error.UpstreamException.retryable("503 from upstream", 503));
    try (OperationStepper stepper = new OperationStepper(f.deps, op.id(), "tester")) {
      assertThat(stepper.step().window()).extracting(Task::partition).containsExactly(day(0));
      assertThat(tasks.list(op.id(), Set.of(TaskState.PENDING))).hasSize(3);
      stepper.step(); // day 2: day 1 waits for its backoff
      stepper.step(); // day 3
      OperationStepper.Step waiting = stepper.step();
      assertThat(waiting.window()).isEmpty();
      assertThat(waiting.ended()).isFalse();

      f.clock.advance(Duration.ofMinutes(2));
      assertThat(stepper.runToEnd()).isEqualTo(Outcome.SUCCEEDED);
    }
    assertThat(fetches(day(0))).isEqualTo(2);
    assertThat(published(day(0))).hasSize(1);
  }

  @Test
  void lease_expiry_during_publish_leaves_one_published_version() {
    Operation op = threeDays();
    OperationStepper a = new OperationStepper(f.deps, op.id(), "tester");
    OperationStepper[] b = new OperationStepper[1];
    // Runner A has fetched day 1 and is about to publish it when it stalls past both leases; runner
    // B takes the operation over, claims day 1 again and publishes it first.
    f.upstream.afterFirstPage =
        () -> {
          f.upstream.afterFirstPage = () -> {};
          f.clock.advance(PAST_THE_LEASES);
          b[0] = new OperationStepper(f.deps, op.id(), "tester");
          assertThat(b[0].step().window()).extracting(Task::partition).containsExactly(day(0));
        };
    // A's publish comes back fenced (its task ended under B's lease): A drops the task, its step
    // ends normally, and nothing of A's is written.
    assertThat(a.step().window()).extracting(Task::partition).containsExactly(day(0));
    Task task = tasks.list(op.id(), Set.of(TaskState.SUCCEEDED)).get(0);
    assertThat(f.fenced)
        .containsExactly(
            new EngineFixture.Fenced(
                a.runnerId(), new PublishResult.Fenced(task.id(), TaskState.SUCCEEDED, null)));
    assertOnePublishedVersionAndItIsB(day(0), b[0].runnerId());
    assertThat(fetches(day(0))).isEqualTo(2);

    // B, the slot's owner now, finishes the operation; nothing is fetched twice more.
    assertThat(b[0].runToEnd()).isEqualTo(Outcome.SUCCEEDED);
    b[0].close();
    a.close();
    assertThat(fetches(day(1))).isEqualTo(1);
    assertThat(f.fenced).hasSize(1);
    assertThat(f.store.operations().find(op.id()).orElseThrow().state())
        .isEqualTo(OperationState.SUCCEEDED);
  }

  @Test
  void a_stale_runner_publishing_before_the_new_one_is_fenced_and_the_new_one_publishes() {
    Operation op = threeDays();
    OperationStepper a = new OperationStepper(f.deps, op.id(), "tester");
    List<Task> claimedByA = a.claim();
    // A stalls past both leases between its claim and its fetch; B takes over and claims day 1.
    f.clock.advance(PAST_THE_LEASES);
    OperationStepper b = new OperationStepper(f.deps, op.id(), "tester");
    List<Task> claimedByB = b.claim();
    long id = claimedByA.get(0).id();
    assertThat(claimedByB).extracting(Task::id).containsExactly(id);
    assertThat(tasks.find(id).orElseThrow().leaseOwner()).isEqualTo(b.runnerId());

    // A wakes up and publishes first: the store fences it (the task is RUNNING under B's lease),
    // writes nothing, and A leaves the task as it is.
    assertThat(catchThrowable(() -> a.run(claimedByA))).isNull();
    assertThat(f.fenced)
        .containsExactly(
            new EngineFixture.Fenced(
                a.runnerId(), new PublishResult.Fenced(id, TaskState.RUNNING, b.runnerId())));
    assertThat(f.store.versions().versions(day(0))).isEmpty();
    Task untouched = tasks.find(id).orElseThrow();
    assertThat(untouched.state()).isEqualTo(TaskState.RUNNING);
    assertThat(untouched.leaseOwner()).isEqualTo(b.runnerId());
    assertThat(untouched.lastError()).isNull();

    // B publishes its claim: the one version of day 1, and the head is B's.
    assertThat(catchThrowable(() -> b.run(claimedByB))).isNull();
    assertOnePublishedVersionAndItIsB(day(0), b.runnerId());
    assertThat(b.runToEnd()).isEqualTo(Outcome.SUCCEEDED);
    b.close();
    a.close();
    assertThat(f.fenced).hasSize(1);
    assertThat(List.of(day(0), day(1), day(2)))
        .allSatisfy(d -> assertThat(published(d)).hasSize(1));
  }

  /**
   * The partition has exactly one version, PUBLISHED and its head, the one runner {@code b}
   * published; its task SUCCEEDED with that version.
   */
  void assertOnePublishedVersionAndItIsB(PartitionKey key, String b) {
    Head head = f.store.versions().head(key).orElseThrow();
    assertThat(f.store.versions().versions(key))
        .singleElement()
        .satisfies(v -> assertThat(v.id()).isEqualTo(head.versionId()))
        .satisfies(v -> assertThat(v.state()).isEqualTo(VersionState.PUBLISHED));
    assertThat(f.published)
        .filteredOn(p -> p.versionId() == head.versionId())
        .singleElement()
        .satisfies(p -> assertThat(p.runner()).isEqualTo(b));
    Task task =
        tasks
            .find(f.store.versions().version(head.versionId()).orElseThrow().taskId())
            .orElseThrow();
    assertThat(task.state()).isEqualTo(TaskState.SUCCEEDED);
    assertThat(task.versionId()).isEqualTo(head.versionId());
  }

  @Test
  void a_pause_during_a_window_returns_it_at_the_page_boundary_and_resume_continues() {
    Operation op = threeDays();
    f.upstream.pages = 2;
    try (OperationStepper stepper = new OperationStepper(f.deps, op.id(), "tester")) {
      assertThat(stepper.step().window()).extracting(Task::partition).containsExactly(day(0));
      // Day 2's first page is in; the operation is paused from another terminal before the second.
      f.upstream.afterFirstPage =
          () -> {
            f.upstream.afterFirstPage = () -> {};
            f.service.pause(op.id(), "operator");
            stepper.observe();
          };
      assertThat(stepper.step().window()).extracting(Task::partition).containsExactly(day(1));
      Task returned = tasks.list(op.id(), Set.of()).get(1);
      assertThat(returned.state()).isEqualTo(TaskState.PENDING);
      assertThat(returned.attempts()).isZero();
      assertThat(f.store.versions().head(day(1))).isEmpty();

      // Paused: the next step claims nothing and ends the run.
      OperationStepper.Step paused = stepper.step();
      assertThat(paused.window()).isEmpty();
      assertThat(paused.outcome()).isEqualTo(Outcome.PAUSED);
      assertThat(tasks.list(op.id(), Set.of(TaskState.PENDING))).hasSize(2);
    }
    int requestsWhilePaused = f.upstream.requests.get();

    f.resumed(op.id());
    try (OperationStepper resumed = new OperationStepper(f.deps, op.id(), "tester")) {
      assertThat(resumed.runToEnd()).isEqualTo(Outcome.SUCCEEDED);
    }
    assertThat(fetches(day(0))).isEqualTo(1);
    assertThat(fetches(day(1))).isEqualTo(2);
    assertThat(fetches(day(2))).isEqualTo(1);
    assertThat(f.upstream.requests.get()).isEqualTo(requestsWhilePaused + 4);
    assertThat(List.of(day(0), day(1), day(2)))
        .allSatisfy(d -> assertThat(published(d)).hasSize(1));
  }

  @Test
  void a_pause_after_the_fetch_lets_the_window_publish_and_claims_nothing_more() {
    Operation op = threeDays();
    try (OperationStepper stepper = new OperationStepper(f.deps, op.id(), "tester")) {
      f.upstream.afterFirstPage =
          () -> {
            f.upstream.afterFirstPage = () -> {};
            f.service.pause(op.id(), "operator");
            stepper.observe();
          };
      // The fetch had ended: the in-flight window finishes and publishes.
      stepper.step();
      assertThat(published(day(0))).hasSize(1);
      assertThat(stepper.step().outcome()).isEqualTo(Outcome.PAUSED);
    }
    assertThat(tasks.list(op.id(), Set.of(TaskState.PENDING))).hasSize(2);
    assertThat(f.upstream.requests.get()).isEqualTo(1);
  }

  @Test
  void cancel_force_aborts_the_window_in_flight_and_nothing_is_published_after() {
    Operation op = threeDays();
    f.upstream.pages = 2;
    try (OperationStepper stepper = new OperationStepper(f.deps, op.id(), "tester")) {
      assertThat(stepper.step().window()).extracting(Task::partition).containsExactly(day(0));
      f.upstream.afterFirstPage =
          () -> {
            f.upstream.afterFirstPage = () -> {};
            f.service.cancel(op.id(), true, "operator");
            stepper.observe();
          };
      stepper.step();
      assertThat(f.store.versions().versions(day(1))).isEmpty();
      assertThat(stepper.step().outcome()).isEqualTo(Outcome.CANCELLED);
      assertThat(stepper.step().window()).isEmpty();
    }
    assertThat(tasks.list(op.id(), Set.of()))
        .extracting(Task::state)
        .containsExactly(TaskState.SUCCEEDED, TaskState.CANCELLED, TaskState.CANCELLED);
    assertThat(f.store.versions().versions(day(2))).isEmpty();
    // The aborted window sent its first page only.
    assertThat(f.upstream.requests.get()).isEqualTo(2 + 1);
  }

  @Test
  void cancel_force_after_the_fetch_publishes_nothing_of_the_window() {
    Operation op = threeDays();
    try (OperationStepper stepper = new OperationStepper(f.deps, op.id(), "tester")) {
      f.upstream.afterFirstPage =
          () -> {
            f.upstream.afterFirstPage = () -> {};
            f.service.cancel(op.id(), true, "operator");
            stepper.observe();
          };
      assertThat(catchThrowable(stepper::step)).isNull();
      // The window's publish was refused (its task CANCELLED), which is no lease taken over.
      assertThat(f.fenced).isEmpty();
      assertThat(f.store.versions().versions(day(0))).isEmpty();
      assertThat(f.store.versions().head(day(0))).isEmpty();
      assertThat(stepper.step().outcome()).isEqualTo(Outcome.CANCELLED);
    }
    assertThat(tasks.list(op.id(), Set.of()))
        .extracting(Task::state)
        .containsOnly(TaskState.CANCELLED);
  }
}
