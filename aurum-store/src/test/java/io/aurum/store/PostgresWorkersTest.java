package io.aurum.store;

import static io.aurum.store.testing.TestData.T0;
import static io.aurum.store.testing.TestData.drafts;
import static io.aurum.store.testing.TestData.operation;
import static org.assertj.core.api.Assertions.assertThat;

import io.aurum.core.model.OperationState;
import io.aurum.core.model.Priority;
import io.aurum.core.model.Task;
import io.aurum.core.model.TaskState;
import io.aurum.core.port.WorkerRepository;
import io.aurum.core.testing.MutableClock;
import io.aurum.store.testing.StoreFixtures;
import io.aurum.store.testing.TestDatabase;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The workers and their queue (V091) on PostgreSQL, where workers run. */
class PostgresWorkersTest {
  TestDatabase db;
  JdbcStore store;
  WorkerRepository workers;

  @BeforeEach
  void setUp() {
    db = StoreFixtures.postgres();
    store = db.open(new MutableClock(T0));
    workers = store.workers();
  }

  @AfterEach
  void tearDown() {
    store.close();
    db.close();
  }

  private void running(String id, Priority p, int minutesAgo) {
    store.operations().create(operation(id, p, T0.minusSeconds(60L * minutesAgo)), drafts(2));
    store.operations().transition(id, OperationState.PLANNED, OperationState.RUNNING, "t", "t");
  }

  private void register(String id) {
    workers.register(new WorkerRepository.Registration(id, "host-a", 42, Set.of("eia"), 4, T0));
  }

  @Test
  void queued_operations_are_taken_by_priority_then_age_and_only_while_running_with_due_tasks() {
    running("LOW_OLD", Priority.LOW, 30);
    running("NORMAL_NEW", Priority.NORMAL, 1);
    running("NORMAL_OLD", Priority.NORMAL, 20);
    running("HIGH_NEW", Priority.HIGH, 0);
    running("NOT_QUEUED", Priority.HIGH, 40);
    for (String id : List.of("LOW_OLD", "NORMAL_NEW", "NORMAL_OLD", "HIGH_NEW")) {
      workers.submit(id, "alice", T0);
    }
    store
        .operations()
        .transition("NORMAL_NEW", OperationState.RUNNING, OperationState.PAUSED, "t", "t");

    assertThat(workers.runnable(Set.of(), T0.plusSeconds(1)))
        .containsExactly("HIGH_NEW", "NORMAL_OLD", "LOW_OLD");
    assertThat(workers.runnable(Set.of("fred"), T0.plusSeconds(1))).isEmpty();
    assertThat(workers.submitted("LOW_OLD")).isTrue();
    assertThat(workers.submitted("NOT_QUEUED")).isFalse();

    // Every task of HIGH_NEW claimed: nothing of it is due any more.
    store.tasks().claim("HIGH_NEW", "w1", 10, T0.plusSeconds(1), T0.plusSeconds(11));
    assertThat(workers.runnable(Set.of("eia"), T0.plusSeconds(1)))
        .containsExactly("NORMAL_OLD", "LOW_OLD");
  }

  @Test
  void a_dead_workers_expired_leases_are_reclaimed_only_for_queued_operations() {
    running("QUEUED", Priority.NORMAL, 1);
    running("ALONE", Priority.NORMAL, 1);
    workers.submit("QUEUED", "alice", T0);
    store.tasks().claim("QUEUED", "w-dead", 10, T0, T0.plusSeconds(10));
    store.tasks().claim("ALONE", "runner-1", 10, T0, T0.plusSeconds(10));

    assertThat(workers.reclaimExpired(T0.plusSeconds(5))).isZero();
    assertThat(workers.reclaimExpired(T0.plusSeconds(11))).isEqualTo(2);

    assertThat(store.tasks().list("QUEUED", Set.of(TaskState.PENDING))).hasSize(2);
    // An operation one runner drives keeps its leases: its runner slot governs it.
    assertThat(store.tasks().list("ALONE", Set.of(TaskState.RUNNING)))
        .extracting(Task::leaseOwner)
        .containsOnly("runner-1");
  }

  @Test
  void live_workers_show_their_claims_heartbeat_and_fenced_count_and_stopped_ones_vanish() {
    running("QUEUED", Priority.NORMAL, 1);
    workers.submit("QUEUED", "alice", T0);
    register("w1");
    register("w2");
    store.tasks().claim("QUEUED", "w1", 10, T0, T0.plusSeconds(10));
    workers.countFenced("w1", 1);
    workers.countFenced("w1", 2);
    assertThat(workers.heartbeat("w1", T0.plusSeconds(20))).isTrue();

    List<WorkerRepository.Worker> live = workers.live(T0.plusSeconds(5));
    assertThat(live).extracting(WorkerRepository.Worker::id).containsExactly("w1");
    WorkerRepository.Worker w1 = live.get(0);
    assertThat(w1.claims()).isEqualTo(2);
    assertThat(w1.fencedPublishes()).isEqualTo(3);
    assertThat(w1.sources()).isEqualTo("eia");
    assertThat(w1.heartbeatAt()).isEqualTo(T0.plusSeconds(20));
    assertThat(workers.live(T0)).hasSize(2);

    workers.draining("w2", T0.plusSeconds(21));
    assertThat(workers.live(T0.plusSeconds(21)))
        .extracting(WorkerRepository.Worker::state)
        .containsExactly("DRAINING");
    workers.deregister("w2", T0.plusSeconds(22));
    assertThat(workers.heartbeat("w2", T0.plusSeconds(23))).isFalse();
    assertThat(workers.live(T0)).extracting(WorkerRepository.Worker::id).containsExactly("w1");
  }
}
