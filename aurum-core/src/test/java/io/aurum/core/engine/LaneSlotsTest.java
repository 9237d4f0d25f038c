package io.aurum.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurum.core.port.FetchSlots;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A lane's fetch slots: turned away at once in one process (as before the slots were shared), and
 * waited for a little where every process shares them. The shared slots here are an in-memory
 * ledger standing for the database, which {@code PostgresFetchSlotsTest} covers.
 */
class LaneSlotsTest {
  static final Duration LEASE = Duration.ofSeconds(10);

  /** Slots of one database, in memory: {@code other} of them held by other processes. */
  static final class MemorySlots implements FetchSlots {
    final Map<Long, String> held = new HashMap<>();
    final AtomicInteger asked = new AtomicInteger();
    int other;
    long next;

    @Override
    public synchronized OptionalLong take(String lane, int cap, Duration lease) {
      asked.incrementAndGet();
      if (held.size() + other >= cap) {
        return OptionalLong.empty();
      }
      held.put(++next, lane);
      return OptionalLong.of(next);
    }

    @Override
    public synchronized void release(long ticket) {
      held.remove(ticket);
    }

    synchronized void otherFrees() {
      other--;
    }
  }

  @Test
  void in_one_process_a_market_is_turned_away_at_once_and_a_source_is_not_counted() {
    LaneSlots market = new LaneSlots(1, true, null, "iso/pjm:k", LEASE);
    LaneSlots.Entry first = market.enter(Duration.ofSeconds(5), () -> false);
    long t0 = System.nanoTime();
    assertThat(market.enter(Duration.ofSeconds(5), () -> false)).isNull();
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(1));
    market.leave(first);
    assertThat(market.enter(Duration.ofSeconds(5), () -> false)).isNotNull();

    LaneSlots source = new LaneSlots(1, false, null, "eia/k", LEASE);
    for (int i = 0; i < 5; i++) {
      assertThat(source.enter(Duration.ZERO, () -> false)).isEqualTo(LaneSlots.Entry.LOCAL);
    }
  }

  @Test
  void a_process_holding_every_slot_waits_for_its_own_without_asking_the_database()
      throws Exception {
    MemorySlots db = new MemorySlots();
    LaneSlots lane = new LaneSlots(2, false, db, "eia/k", LEASE);
    LaneSlots.Entry a = lane.enter(Duration.ofSeconds(5), () -> false);
    lane.enter(Duration.ofSeconds(5), () -> false);
    assertThat(db.asked.get()).isEqualTo(2);
    CompletableFuture<LaneSlots.Entry> third =
        CompletableFuture.supplyAsync(() -> lane.enter(Duration.ofSeconds(5), () -> false));
    Thread.sleep(200);
    assertThat(third).isNotDone();
    assertThat(db.asked.get()).as("waits on its own count").isEqualTo(2);
    lane.leave(a);
    assertThat(third.get(2, TimeUnit.SECONDS).ticket()).isPositive();
    assertThat(db.held).hasSize(2);
  }

  @Test
  void a_slot_another_process_frees_is_taken_within_the_wait_and_none_is_turned_away_after_it()
      throws Exception {
    MemorySlots db = new MemorySlots();
    db.other = 2;
    LaneSlots lane = new LaneSlots(2, false, db, "eia/k", LEASE);
    CompletableFuture<LaneSlots.Entry> waiting =
        CompletableFuture.supplyAsync(() -> lane.enter(Duration.ofSeconds(5), () -> false));
    Thread.sleep(100);
    db.otherFrees();
    assertThat(waiting.get(2, TimeUnit.SECONDS)).isNotNull();

    long t0 = System.nanoTime();
    assertThat(lane.enter(Duration.ofMillis(300), () -> false))
        .as("the other process keeps its slot")
        .isNull();
    assertThat(Duration.ofNanos(System.nanoTime() - t0))
        .isBetween(Duration.ofMillis(250), Duration.ofSeconds(2));
    assertThat(db.asked.get()).as("asked again and again, backing off").isBetween(3, 40);
  }

  @Test
  void a_stop_ends_the_wait_and_gives_this_processs_count_back() throws Exception {
    MemorySlots db = new MemorySlots();
    db.other = 1;
    LaneSlots lane = new LaneSlots(1, false, db, "eia/k", LEASE);
    AtomicBoolean stop = new AtomicBoolean();
    CompletableFuture<LaneSlots.Entry> waiting =
        CompletableFuture.supplyAsync(() -> lane.enter(Duration.ofSeconds(30), stop::get));
    Thread.sleep(100);
    stop.set(true);
    assertThatThrownBy(() -> waiting.get(2, TimeUnit.SECONDS))
        .hasCauseInstanceOf(CancellationException.class);
    db.otherFrees();
    assertThat(lane.enter(Duration.ofSeconds(1), () -> false))
        .as("the stopped wait gave its count back")
        .isNotNull();
  }
}
