package io.aurum.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurum.core.engine.ClaimPacing.Limits;
import io.aurum.core.model.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link WindowScheduler}: windows start within the fetch slots and the publish window, a worker
 * whose fetch has ended starts the next itself, and once stopped nothing starts.
 */
class WindowSchedulerTest {
  private final EngineStubs stubs = new EngineStubs(false);
  private final HandWorkers claimer = new HandWorkers();
  private final GroupCommitPublisher publisher = new GroupCommitPublisher(stubs.store.versions());
  private final LoopSignal signal = new LoopSignal("x");
  private final ClaimQueue claims =
      new ClaimQueue(
          stubs.deps,
          EngineStubs.OP,
          "runner-1",
          publisher,
          claimer,
          new ClaimPacing(publisher, stubs.nanos),
          signal);
  private final HandWorkers workers = new HandWorkers();
  private final List<Long> processed = new ArrayList<>();

  @AfterEach
  void close() {
    publisher.close();
  }

  private void claim(int n) {
    List<Task> tasks = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      tasks.add(EngineStubs.task(i, i));
    }
    stubs.on("claim", a -> tasks);
    claims.topUp(n);
    claimer.runNext();
    assertThat(claims.inProgress()).isFalse();
  }

  @Test
  void a_worker_whose_fetch_ended_starts_the_next_within_the_window() throws Exception {
    claim(3);
    WindowScheduler scheduler =
        new WindowScheduler(
            workers,
            (w, upstreamDone) -> {
              processed.add(w.get(0).id());
              upstreamDone.run();
            },
            claims,
            signal);
    // One fetch slot, two windows in flight at most.
    scheduler.startWithin(new Limits(1, 2, 0));
    assertThat(workers.queued).hasSize(1);
    assertThat(scheduler.running()).isEqualTo(1);
    assertThat(scheduler.inflightWindows()).hasSize(1);
    workers.runNext();
    // Window 1's fetch ended inside its worker: window 2 started from there, not from the loop.
    assertThat(processed).containsExactly(1L);
    assertThat(workers.queued).hasSize(1);
    workers.runNext();
    workers.runNext();
    assertThat(processed).containsExactly(1L, 2L, 3L);
    assertThat(scheduler.idle()).isTrue();
    assertThat(scheduler.running()).isZero();
  }

  @Test
  void a_stopped_scheduler_starts_nothing_and_an_abort_cancels_what_is_in_flight()
      throws Exception {
    claim(2);
    WindowScheduler scheduler =
        new WindowScheduler(workers, (w, done) -> processed.add(w.get(0).id()), claims, signal);
    scheduler.startWithin(new Limits(1, 1, 0));
    assertThat(workers.queued).hasSize(1);
    scheduler.stop();
    scheduler.startWithin(new Limits(5, 5, 0));
    assertThat(workers.queued).hasSize(1);
    scheduler.abort();
    assertThat(((Future<?>) workers.queued.get(0)).isCancelled()).isTrue();
    assertThat(claims.claimedWindows()).hasSize(1);
  }

  @Test
  void an_abort_finishes_a_window_handed_to_a_worker_that_has_not_begun_it() {
    claim(1);
    WindowScheduler scheduler =
        new WindowScheduler(workers, (w, done) -> processed.add(w.get(0).id()), claims, signal);
    scheduler.startWithin(new Limits(1, 1, 0));
    // Handed to the pool, not begun: a cancel --force now must not leave it counted as running,
    // or the loop's drain waits for it forever.
    assertThat(workers.queued).hasSize(1);
    assertThat(scheduler.running()).isEqualTo(1);
    scheduler.stop();
    scheduler.abort();
    assertThat(scheduler.running()).isZero();
    assertThat(scheduler.idle()).isTrue();
    assertThat(scheduler.inflightWindows()).isEmpty();
    // The worker gets to it later: it runs none of it, and counts nothing twice.
    workers.runNext();
    assertThat(processed).isEmpty();
    assertThat(scheduler.running()).isZero();
  }
}
