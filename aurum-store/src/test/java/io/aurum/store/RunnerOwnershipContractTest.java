package io.aurum.store;

import static io.aurum.store.testing.TestData.T0;
import static io.aurum.store.testing.TestData.drafts;
import static io.aurum.store.testing.TestData.operation;
import static org.assertj.core.api.Assertions.assertThat;

import io.aurum.core.model.Operation;
import io.aurum.core.model.RunnerOwner;
import io.aurum.core.port.AuditLog;
import io.aurum.core.testing.MutableClock;
import io.aurum.store.testing.TestDatabase;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who drives an operation: the owner (host, pid, process start) recorded with the runner slot, and
 * the compare-and-set takeover of a dead owner's slot. Written once, run on every database.
 */
abstract class RunnerOwnershipContractTest {
  static final RunnerOwner DEAD = new RunnerOwner("host-a", 4242, T0.minusSeconds(3600));
  static final RunnerOwner ALIVE = new RunnerOwner("host-a", 777, T0.minusSeconds(10));

  @TempDir Path tempDir;
  TestDatabase db;
  JdbcStore store;

  abstract TestDatabase database(Path dir);

  @BeforeEach
  void openStore() {
    db = database(tempDir);
    store = db.open(new MutableClock(T0));
    store.operations().create(operation("OP"), drafts(1));
  }

  @AfterEach
  void closeStore() {
    store.close();
    db.close();
  }

  @Test
  void the_owner_is_recorded_with_the_runner_and_cleared_on_release() {
    assertThat(store.operations().acquireRunner("OP", "r1", DEAD, T0, T0.minusSeconds(30)))
        .isTrue();
    Operation op = store.operations().find("OP").orElseThrow();
    assertThat(op.owner()).isEqualTo(DEAD);
    assertThat(op.runnerHeartbeatAt()).isEqualTo(T0);
    assertThat(store.operations().list(java.util.Set.of()).get(0).owner()).isEqualTo(DEAD);

    store.operations().releaseRunner("OP", "r1");
    op = store.operations().find("OP").orElseThrow();
    assertThat(op.runnerId()).isNull();
    assertThat(op.owner()).isNull();
  }

  @Test
  void a_takeover_replaces_only_the_runner_it_saw_and_is_audited() {
    store.operations().acquireRunner("OP", "dead", DEAD, T0, T0.minusSeconds(30));

    // The heartbeat is fresh, so an acquire is refused; a takeover of the slot as seen succeeds.
    assertThat(store.operations().acquireRunner("OP", "new", ALIVE, T0, T0.minusSeconds(30)))
        .isFalse();
    assertThat(store.operations().takeOver("OP", "someone-else", "new", ALIVE, T0, "ops"))
        .isFalse();
    assertThat(store.operations().takeOver("OP", "dead", "new", ALIVE, T0.plusSeconds(1), "ops"))
        .isTrue();

    Operation op = store.operations().find("OP").orElseThrow();
    assertThat(op.runnerId()).isEqualTo("new");
    assertThat(op.owner()).isEqualTo(ALIVE);
    assertThat(op.runnerHeartbeatAt()).isEqualTo(T0.plusSeconds(1));
    // The loser of a second takeover of the same dead runner gets false.
    assertThat(store.operations().takeOver("OP", "dead", "late", ALIVE, T0, "ops")).isFalse();
    assertThat(store.audit().entries("OP"))
        .filteredOn(e -> e.action().equals("operation.takeover"))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.actor()).isEqualTo("ops");
              assertThat(e.detail()).contains("pid 4242 on host host-a").contains("\"new\"");
            });
  }

  @Test
  void of_two_resumers_racing_for_a_dead_owner_exactly_one_wins() throws Exception {
    for (int round = 0; round < 20; round++) {
      String dead = "dead-" + round;
      store.operations().releaseRunner("OP", "winner-" + (round - 1) + "-a");
      store.operations().releaseRunner("OP", "winner-" + (round - 1) + "-b");
      assertThat(store.operations().acquireRunner("OP", dead, DEAD, T0, T0.minusSeconds(30)))
          .isTrue();
      CountDownLatch go = new CountDownLatch(1);
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        List<Callable<Boolean>> contenders =
            List.of(
                contender(go, dead, "winner-" + round + "-a"),
                contender(go, dead, "winner-" + round + "-b"));
        List<Future<Boolean>> results = contenders.stream().map(pool::submit).toList();
        go.countDown();
        int wins = 0;
        for (Future<Boolean> f : results) {
          wins += f.get(30, TimeUnit.SECONDS) ? 1 : 0;
        }
        assertThat(wins).as("round %d", round).isEqualTo(1);
        assertThat(store.operations().find("OP").orElseThrow().runnerId())
            .startsWith("winner-" + round + "-");
      } finally {
        pool.shutdownNow();
      }
    }
    assertThat(store.audit().entries("OP"))
        .extracting(AuditLog.Entry::action)
        .filteredOn(a -> a.equals("operation.takeover"))
        .hasSize(20);
  }

  private Callable<Boolean> contender(CountDownLatch go, String dead, String me) {
    return () -> {
      go.await();
      return store.operations().takeOver("OP", dead, me, ALIVE, T0, me);
    };
  }
}
