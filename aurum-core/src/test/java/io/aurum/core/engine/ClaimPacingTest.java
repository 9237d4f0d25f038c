package io.aurum.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurum.core.engine.ClaimPacing.Limits;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@link ClaimPacing}: the limits of a cycle, cut to a cold publisher, and the short-claim wait.
 */
class ClaimPacingTest {
  @Test
  void queues_are_sized_by_the_concurrency() {
    assertThat(ClaimPacing.claimAhead(1)).isEqualTo(16);
    assertThat(ClaimPacing.claimAhead(20)).isEqualTo(40);
    assertThat(ClaimPacing.publishWindow(2)).isEqualTo(32);
    assertThat(ClaimPacing.publishWindow(100)).isEqualTo(GroupCommitPublisher.MAX_GROUP);
  }

  @Test
  void a_cold_publisher_cuts_the_claim_ahead_and_the_window_to_the_concurrency() {
    EngineStubs stubs = new EngineStubs(false);
    try (GroupCommitPublisher cold = new GroupCommitPublisher(stubs.store.versions())) {
      ClaimPacing pacing = new ClaimPacing(cold, stubs.nanos);
      assertThat(pacing.limits(4)).isEqualTo(new Limits(4, 8, 4));
      assertThat(pacing.limits(100)).isEqualTo(new Limits(100, 200, 100));
      // At least one slot, whatever the spec says.
      assertThat(pacing.limits(0)).isEqualTo(new Limits(1, 2, 1));
    }
  }

  @Test
  void after_a_short_claim_the_next_waits_a_cycle() {
    EngineStubs stubs = new EngineStubs(false);
    try (GroupCommitPublisher cold = new GroupCommitPublisher(stubs.store.versions())) {
      ClaimPacing pacing = new ClaimPacing(cold, stubs.nanos);
      assertThat(pacing.claimWaits()).isFalse();
      pacing.claimedShort();
      assertThat(pacing.claimWaits()).isTrue();
      stubs.clock.advance(ClaimLoop.CYCLE.minusNanos(1));
      assertThat(pacing.claimWaits()).isTrue();
      stubs.clock.advance(Duration.ofNanos(1));
      assertThat(pacing.claimWaits()).isFalse();
    }
  }
}
