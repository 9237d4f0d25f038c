package io.aurum.store;

import static io.aurum.store.testing.TestData.T0;
import static io.aurum.store.testing.TestData.drafts;
import static io.aurum.store.testing.TestData.operation;
import static io.aurum.store.testing.TestData.partition;
import static org.assertj.core.api.Assertions.assertThat;

import io.aurum.core.model.Operation;
import io.aurum.core.model.OperationState;
import io.aurum.core.model.OperationType;
import io.aurum.core.model.TaskDraft;
import io.aurum.core.port.OperationRepository;
import io.aurum.core.replay.Window;
import io.aurum.core.testing.MutableClock;
import io.aurum.store.testing.TestDatabase;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A second live operation of a type over partitions one of that type holds is refused, atomically:
 * of creators racing at the same instant exactly one wins. Run against every database.
 */
abstract class OperationCreationContractTest {
  @TempDir Path tempDir;
  TestDatabase db;
  JdbcStore store;

  abstract TestDatabase database(Path dir);

  @BeforeEach
  void open() {
    db = database(tempDir);
    store = db.open(new MutableClock(T0));
  }

  @AfterEach
  void close() {
    store.close();
    db.close();
  }

  private static Operation of(String id, OperationType type) {
    Operation o = operation(id);
    return new Operation(
        o.id(),
        type,
        o.source(),
        o.state(),
        o.priority(),
        o.reason(),
        o.actor(),
        o.spec(),
        o.createdAt(),
        o.updatedAt(),
        null,
        null,
        null);
  }

  @Test
  void a_second_backfill_over_held_partitions_is_refused_naming_the_holder_and_writes_nothing() {
    var first = store.operations().createUnlessHeld(of("B1", OperationType.BACKFILL), drafts(3));
    assertThat(first).isInstanceOf(OperationRepository.Created.class);
    int before = store.operations().list(Set.of()).size();

    List<TaskDraft> overlapping =
        List.of(new TaskDraft(partition(2), null, null), new TaskDraft(partition(5), null, null));
    var second = store.operations().createUnlessHeld(of("B2", OperationType.BACKFILL), overlapping);
    assertThat(second)
        .isEqualTo(new OperationRepository.Held("B1", OperationState.PLANNED, partition(2)));
    assertThat(store.operations().list(Set.of())).hasSize(before);
    assertThat(store.operations().find("B2")).isEmpty();
  }

  @Test
  void other_types_disjoint_partitions_and_finished_holders_do_not_block() {
    store.operations().createUnlessHeld(of("B1", OperationType.BACKFILL), drafts(3));
    assertThat(store.operations().createUnlessHeld(of("R1", OperationType.REPLAY), drafts(3)))
        .isInstanceOf(OperationRepository.Created.class);
    assertThat(
            store
                .operations()
                .createUnlessHeld(
                    of("B2", OperationType.BACKFILL),
                    List.of(new TaskDraft(partition(7), null, null))))
        .isInstanceOf(OperationRepository.Created.class);
    store.operations().transition("B1", OperationState.PLANNED, OperationState.CANCELLED, "t", "x");
    assertThat(store.operations().createUnlessHeld(of("B3", OperationType.BACKFILL), drafts(3)))
        .isInstanceOf(OperationRepository.Created.class);
  }

  @Test
  void windowed_tasks_conflict_only_when_their_windows_overlap() {
    Instant day = partition(0).period().atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
    String morning = new Window(List.of(day.plusSeconds(3600 * 9)), List.of()).toJson();
    String evening = new Window(List.of(day.plusSeconds(3600 * 18)), List.of()).toJson();
    store
        .operations()
        .createUnlessHeld(
            of("P1", OperationType.PARTIAL), List.of(new TaskDraft(partition(0), morning, null)));
    assertThat(
            store
                .operations()
                .createUnlessHeld(
                    of("P2", OperationType.PARTIAL),
                    List.of(new TaskDraft(partition(0), evening, null))))
        .isInstanceOf(OperationRepository.Created.class);
    assertThat(
            store
                .operations()
                .createUnlessHeld(
                    of("P3", OperationType.PARTIAL),
                    List.of(new TaskDraft(partition(0), morning, null))))
        .isInstanceOf(OperationRepository.Held.class);
  }

  @Test
  void of_identical_creates_racing_at_the_same_instant_exactly_one_wins() throws Exception {
    int creators = 6;
    ExecutorService pool = Executors.newFixedThreadPool(creators);
    try {
      for (int round = 0; round < 5; round++) {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<OperationRepository.Creation>> results = new ArrayList<>();
        List<TaskDraft> tasks = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
          tasks.add(new TaskDraft(partition(round * 100 + i), null, null));
        }
        for (int i = 0; i < creators; i++) {
          String id = "R" + round + "_" + i;
          results.add(
              pool.submit(
                  () -> {
                    go.await();
                    return store
                        .operations()
                        .createUnlessHeld(of(id, OperationType.BACKFILL), tasks);
                  }));
        }
        go.countDown();
        int created = 0;
        for (Future<OperationRepository.Creation> f : results) {
          created += f.get() instanceof OperationRepository.Created ? 1 : 0;
        }
        assertThat(created).as("round %d", round).isEqualTo(1);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
