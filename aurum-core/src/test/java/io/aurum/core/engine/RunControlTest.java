package io.aurum.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.aurum.core.engine.ClaimPacing.Limits;
import io.aurum.core.engine.OperationRunner.Outcome;
import io.aurum.core.model.Operation;
import io.aurum.core.model.OperationState;
import io.aurum.core.model.Task;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link RunControl}: the operation is reread once a cycle; a pause or cancel hands the claimed
 * tasks back and drains, a forced cancel aborts the window in flight, an end elsewhere is reported.
 */
class RunControlTest {
  private final EngineStubs stubs = new EngineStubs(false);
  private final HandWorkers claimer = new HandWorkers();
  private final ExecutorService workers = Executors.newCachedThreadPool();
  private final GroupCommitPublisher publisher = new GroupCommitPublisher(stubs.store.versions());
  private final LoopSignal signal = new LoopSignal("x");
  private final AtomicReference<Operation> row =
      new AtomicReference<>(EngineStubs.op(OperationState.RUNNING));
  private final List<Object> released = new CopyOnWriteArrayList<>();
  private final ClaimQueue claims =
      new ClaimQueue(
          stubs.deps,
          EngineStubs.OP,
          "runner-1",
          publisher,
          claimer,
          new ClaimPacing(publisher, stubs.nanos),
          signal);

  RunControlTest() {
    stubs.on("find", a -> Optional.of(row.get()));
    stubs.on("release", a -> released.addAll((Collection<?>) a[0]));
    stubs.on("cancel", a -> 0);
  }

  @AfterEach
  void close() {
    workers.shutdownNow();
    publisher.close();
  }

  private RunControl control(BiConsumer<List<Task>, Runnable> process, WindowScheduler[] out) {
    return control(workers, process, out);
  }

  private RunControl control(
      ExecutorService pool, BiConsumer<List<Task>, Runnable> process, WindowScheduler[] out) {
    Operation op = row.get();
    TaskProcessor processor = new TaskProcessor(stubs.deps, publisher, new LiveProgress(), op);
    WindowScheduler scheduler = new WindowScheduler(pool, process, claims, signal);
    out[0] = scheduler;
    EmergencyWatch emergencies =
        new EmergencyWatch(
            stubs.store, stubs.clock, stubs.deps.config().defaults().engine().heartbeat(), op.id());
    stubs.on("claim", a -> List.of(EngineStubs.task(1, 1), EngineStubs.task(2, 2)));
    claims.topUp(2);
    claimer.runNext();
    assertThat(claims.inProgress()).isFalse();
    return new RunControl(
        stubs.store, op, processor, emergencies, claims, scheduler, signal, stubs.nanos);
  }

  @Test
  void the_operation_is_reread_once_a_cycle_and_runs_on() throws Exception {
    RunControl control = control((w, done) -> {}, new WindowScheduler[1]);
    Operation first = control.current();
    row.set(EngineStubs.op(OperationState.PAUSED));
    assertThat(control.current()).isSameAs(first);
    assertThat(stubs.count("find")).isEqualTo(1);
    assertThat(control.settle(first)).isEmpty();
    stubs.clock.advance(ClaimLoop.CYCLE.minusNanos(1));
    assertThat(control.current()).isSameAs(first);
    stubs.clock.advance(Duration.ofNanos(1));
    assertThat(control.current().state()).isEqualTo(OperationState.PAUSED);
    assertThat(stubs.count("find")).isEqualTo(2);
  }

  @Test
  void a_pause_hands_the_claimed_tasks_back_and_stops_starting_windows() throws Exception {
    WindowScheduler[] scheduler = new WindowScheduler[1];
    RunControl control = control((w, done) -> {}, scheduler);
    row.set(EngineStubs.op(OperationState.PAUSED));
    assertThat(control.settle(control.current())).contains(Outcome.PAUSED);
    assertThat(released).containsExactly(1L, 2L);
    stubs.on("claim", a -> List.of(EngineStubs.task(3, 3)));
    scheduler[0].startWithin(new Limits(5, 5, 5));
    assertThat(scheduler[0].idle()).isTrue();
  }

  @Test
  void a_forced_cancel_aborts_the_window_in_flight_and_cancels_the_tasks() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch interrupted = new CountDownLatch(1);
    // Released by no one: only the abort's interrupt ends the window.
    CountDownLatch never = new CountDownLatch(1);
    WindowScheduler[] scheduler = new WindowScheduler[1];
    RunControl control =
        control(
            (w, done) -> {
              started.countDown();
              try {
                never.await();
              } catch (InterruptedException e) {
                interrupted.countDown();
              }
            },
            scheduler);
    scheduler[0].startWithin(new Limits(1, 1, 0));
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
    // cancel --force has already marked the RUNNING tasks CANCELLED.
    stubs.on("list", a -> List.of());
    row.set(EngineStubs.op(OperationState.CANCELLED));
    assertThat(control.settle(control.current())).contains(Outcome.CANCELLED);
    assertThat(interrupted.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(scheduler[0].running()).isZero();
    assertThat(released).containsExactly(2L);
    assertThat(stubs.count("cancel")).isEqualTo(1);
  }

  @Test
  void a_forced_cancel_of_a_window_handed_to_a_worker_but_not_begun_does_not_hang() {
    HandWorkers pool = new HandWorkers();
    List<Object> processed = new CopyOnWriteArrayList<>();
    WindowScheduler[] scheduler = new WindowScheduler[1];
    RunControl control = control(pool, (w, done) -> processed.add(w), scheduler);
    scheduler[0].startWithin(new Limits(1, 1, 0));
    // The window is with the pool, and no worker has begun it.
    assertThat(pool.queued).hasSize(1);
    stubs.on("list", a -> List.of());
    row.set(EngineStubs.op(OperationState.CANCELLED));
    // Without the fix the drain waits forever for a window no worker will run: fail, do not hang.
    assertThat(
            assertTimeoutPreemptively(
                Duration.ofSeconds(30), () -> control.settle(control.current())))
        .contains(Outcome.CANCELLED);
    assertThat(scheduler[0].running()).isZero();
    pool.runNext();
    assertThat(processed).isEmpty();
    assertThat(released).containsExactly(2L);
    assertThat(stubs.count("cancel")).isEqualTo(1);
  }

  @Test
  void an_end_elsewhere_is_reported_as_it_is() throws Exception {
    RunControl control = control((w, done) -> {}, new WindowScheduler[1]);
    assertThat(control.settle(EngineStubs.op(OperationState.SUCCEEDED)))
        .contains(Outcome.SUCCEEDED);
    assertThat(control.settle(EngineStubs.op(OperationState.FAILED))).contains(Outcome.FAILED);
    assertThat(released).isEmpty();
  }
}
