package io.aurum.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurum.core.error.AurumException;
import org.junit.jupiter.api.Test;

/** {@link LoopSignal}: what wakes the claim loop, and a wait that takes every signal with it. */
class LoopSignalTest {
  @Test
  void a_signal_ends_the_next_wait_at_once_and_is_taken_with_the_others() {
    LoopSignal signal = new LoopSignal("OP");
    signal.wake(7);
    signal.wake(LoopSignal.CLAIM_DONE);
    long t0 = System.nanoTime();
    signal.await(10_000);
    assertThat(System.nanoTime() - t0).isLessThan(5_000_000_000L);
    // Both were taken: the next wait runs its time out.
    t0 = System.nanoTime();
    signal.await(30);
    assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(25_000_000L);
  }

  @Test
  void an_interrupt_fails_the_run_and_keeps_the_flag() {
    LoopSignal signal = new LoopSignal("OP");
    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(() -> signal.await(1000))
          .isInstanceOf(AurumException.OperationFailed.class)
          .hasMessageContaining("interrupted while running OP");
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }
}
