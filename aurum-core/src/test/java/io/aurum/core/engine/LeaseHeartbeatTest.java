package io.aurum.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurum.core.model.Task;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * {@link LeaseHeartbeat}: a due beat renews the runner slot and the leases of every task in flight
 * or claimed, to the clock plus the lease; a tick before the interval beats nothing.
 */
class LeaseHeartbeatTest {
  @Test
  void a_due_beat_renews_the_slot_and_the_leases_of_what_is_held() throws Exception {
    EngineStubs stubs = new EngineStubs(false);
    HandWorkers claimer = new HandWorkers();
    try (GroupCommitPublisher publisher = new GroupCommitPublisher(stubs.store.versions())) {
      RunnerSlot slot = new RunnerSlot(stubs.deps, new LiveProgress(), "tester");
      ClaimQueue claims =
          new ClaimQueue(
              stubs.deps,
              EngineStubs.OP,
              slot.runnerId(),
              publisher,
              claimer,
              new ClaimPacing(publisher, stubs.nanos),
              new LoopSignal("x"));
      stubs.on("claim", a -> List.of(EngineStubs.task(3, 3)));
      claims.topUp(1);
      claimer.runNext();
      assertThat(claims.inProgress()).isFalse();
      Collection<List<Task>> inflight =
          List.of(List.of(EngineStubs.task(1, 1), EngineStubs.task(2, 1)));
      AtomicReference<Object[]> beat = new AtomicReference<>();
      AtomicReference<Object[]> renewed = new AtomicReference<>();
      stubs.on(
          "heartbeat",
          a -> {
            beat.set(a);
            return null;
          });
      stubs.on(
          "renewLeases",
          a -> {
            renewed.set(a);
            return null;
          });

      // An interval shorter than the tick slack: every tick is due.
      EmergencyWatch due =
          new EmergencyWatch(stubs.store, stubs.clock, Duration.ofMillis(10), EngineStubs.OP);
      LeaseHeartbeat heartbeat =
          new LeaseHeartbeat(slot, due, EngineStubs.OP, () -> inflight, claims);
      assertThat(heartbeat.heldTaskIds()).containsExactly(1L, 2L, 3L);
      heartbeat.tick();
      Instant now = stubs.clock.instant();
      assertThat(beat.get()).containsExactly(EngineStubs.OP, slot.runnerId(), now);
      assertThat(renewed.get()[0]).isEqualTo(slot.runnerId());
      assertThat(new java.util.ArrayList<Object>((Collection<?>) renewed.get()[1]))
          .containsExactly(1L, 2L, 3L);
      assertThat(renewed.get()[2])
          .isEqualTo(now.plus(stubs.deps.config().defaults().engine().lease()));

      // A tick before the interval has passed beats nothing.
      EmergencyWatch notYet =
          new EmergencyWatch(stubs.store, stubs.clock, Duration.ofHours(1), EngineStubs.OP);
      new LeaseHeartbeat(slot, notYet, EngineStubs.OP, () -> inflight, claims).tick();
      assertThat(stubs.count("heartbeat")).isEqualTo(1);
    }
  }
}
