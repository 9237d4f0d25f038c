package io.aurum.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurum.core.model.Task;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link ClaimQueue}: a claim beside the publisher (a multi-writer store), grouped into fetch
 * windows under a lease from the clock, held back after a short claim, failing on the loop thread,
 * and given back on a pause or cancel.
 */
class ClaimQueueTest {
  private final EngineStubs stubs = new EngineStubs(false);
  private final HandWorkers claimer = new HandWorkers();
  private final GroupCommitPublisher publisher = new GroupCommitPublisher(stubs.store.versions());
  private final ClaimPacing pacing = new ClaimPacing(publisher, stubs.nanos);
  private final ClaimQueue claims =
      new ClaimQueue(
          stubs.deps, EngineStubs.OP, "runner-1", publisher, claimer, pacing, new LoopSignal("x"));

  @AfterEach
  void close() {
    publisher.close();
  }

  /** Runs the claim the queue handed to the claimer, and settles it as the loop does. */
  private void settle() {
    if (!claimer.queued.isEmpty()) {
      claimer.runNext();
    }
    assertThat(claims.inProgress()).isFalse();
  }

  @Test
  void a_claim_tops_the_queue_up_in_fetch_windows_under_a_lease() throws Exception {
    AtomicReference<Object[]> asked = new AtomicReference<>();
    stubs.on(
        "claim",
        a -> {
          asked.set(a);
          return List.of(EngineStubs.task(1, 10), EngineStubs.task(2, 11), EngineStubs.task(3, 10));
        });
    claims.topUp(3);
    settle();
    Object[] a = asked.get();
    assertThat(a[0]).isEqualTo(EngineStubs.OP);
    assertThat(a[1]).isEqualTo("runner-1");
    assertThat(a[2]).isEqualTo(3);
    assertThat(a[4])
        .isEqualTo(((Instant) a[3]).plus(stubs.deps.config().defaults().engine().lease()));
    // Tasks 1 and 3 share a fetch group: one window, then task 2's.
    assertThat(claims.poll()).extracting(Task::id).containsExactly(1L, 3L);
    assertThat(claims.poll()).extracting(Task::id).containsExactly(2L);
    assertThat(claims.isEmpty()).isTrue();
    assertThat(claims.low(1)).isTrue();
  }

  @Test
  void a_full_queue_or_a_short_claim_a_moment_ago_claims_nothing() throws Exception {
    stubs.on("claim", a -> List.of(EngineStubs.task(1, 1)));
    claims.topUp(4);
    settle();
    assertThat(pacing.claimWaits()).isTrue();
    claims.topUp(4);
    settle();
    assertThat(stubs.count("claim")).isEqualTo(1);
    assertThat(claims.low(1)).isFalse();
    assertThat(claimer.queued).isEmpty();
    // A cycle later the wait is over, but a full queue still claims nothing.
    stubs.clock.advance(ClaimLoop.CYCLE);
    assertThat(pacing.claimWaits()).isFalse();
    claims.topUp(1);
    assertThat(claimer.queued).isEmpty();
    assertThat(stubs.count("claim")).isEqualTo(1);
  }

  @Test
  void a_failed_claim_fails_the_run_when_the_loop_settles_it() throws Exception {
    stubs.on(
        "claim",
        a -> {
          throw new IllegalStateException("the store is gone");
        });
    claims.topUp(2);
    assertThat(claims.inProgress()).isTrue();
    claimer.runNext();
    assertThatThrownBy(claims::inProgress)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the store is gone");
    assertThat(claims.inProgress()).isFalse();
  }

  @Test
  void giving_back_releases_every_claimed_task_and_the_heartbeat_sees_what_is_held()
      throws Exception {
    stubs.on("claim", a -> List.of(EngineStubs.task(1, 1), EngineStubs.task(2, 2)));
    List<Object> released = new CopyOnWriteArrayList<>();
    stubs.on(
        "release",
        a -> {
          released.addAll((Collection<?>) a[0]);
          return null;
        });
    claims.topUp(2);
    settle();
    assertThat(claims.claimedWindows()).hasSize(2);
    claims.giveBack();
    assertThat(released).containsExactly(1L, 2L);
    assertThat(claims.isEmpty()).isTrue();
    claims.giveBack();
    assertThat(stubs.count("release")).isEqualTo(1);
  }
}
