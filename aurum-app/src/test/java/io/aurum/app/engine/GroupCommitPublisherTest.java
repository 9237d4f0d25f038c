package io.aurum.app.engine;

import static io.aurum.store.testing.TestData.drafts;
import static io.aurum.store.testing.TestData.finishing;
import static io.aurum.store.testing.TestData.operation;
import static io.aurum.store.testing.TestData.publish;
import static io.aurum.store.testing.TestData.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurum.core.engine.GroupCommitPublisher;
import io.aurum.core.model.PartitionKey;
import io.aurum.core.model.Task;
import io.aurum.core.model.TaskState;
import io.aurum.core.port.ClaimRequest;
import io.aurum.core.port.PublishResult;
import io.aurum.core.port.Store;
import io.aurum.store.testing.StoreFixtures;
import io.aurum.store.testing.TestDatabase;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine's one writer on a real SQLite store: claims alone, with publishes, and on failure. */
class GroupCommitPublisherTest {
  @TempDir Path tmp;
  TestDatabase db;
  Store store;

  @BeforeEach
  void open() {
    db = StoreFixtures.sqlite(tmp);
    store = db.open();
    store.operations().create(operation("OP"), drafts(6));
  }

  @AfterEach
  void close() {
    store.close();
    db.close();
  }

  private static ClaimRequest claim(int max) {
    return new ClaimRequest("OP", "runner", max, Clock.systemUTC(), Duration.ofMinutes(5));
  }

  @Test
  void a_claim_with_nothing_to_publish_runs_alone() throws Exception {
    try (GroupCommitPublisher publisher = new GroupCommitPublisher(store.versions())) {
      List<Task> got = publisher.claim(claim(4)).get(10, TimeUnit.SECONDS);

      assertThat(got).hasSize(4).allSatisfy(t -> assertThat(t.leaseOwner()).isEqualTo("runner"));
      assertThat(got.get(0).leaseUntil()).isAfter(Instant.now().plusSeconds(200));
    }
    assertThat(store.tasks().list("OP", Set.of(TaskState.RUNNING))).hasSize(4);
  }

  @Test
  void publishes_and_a_claim_of_the_next_tasks_land_together() throws Exception {
    List<Task> first = store.tasks().claim("OP", "runner", 2, Instant.now(), Instant.now());
    try (GroupCommitPublisher publisher = new GroupCommitPublisher(store.versions())) {
      List<CompletableFuture<PublishResult>> published =
          first.stream().map(t -> publisher.submit(request(t))).toList();
      List<Task> next = publisher.claim(claim(10)).get(10, TimeUnit.SECONDS);

      for (CompletableFuture<PublishResult> f : published) {
        assertThat(f.get(10, TimeUnit.SECONDS)).isInstanceOf(PublishResult.Published.class);
      }
      assertThat(next).hasSize(4).extracting(Task::id).doesNotContainAnyElementsOf(ids(first));
    }
    assertThat(store.tasks().list("OP", Set.of(TaskState.SUCCEEDED))).hasSize(2);
    assertThat(store.tasks().list("OP", Set.of(TaskState.RUNNING))).hasSize(4);
  }

  @Test
  void a_bad_request_fails_alone_and_the_claim_is_retried_after_the_group() throws Exception {
    List<Task> claimed = store.tasks().claim("OP", "runner", 2, Instant.now(), Instant.now());
    Task good = claimed.get(0);
    // Finishing a version that is no longer STAGED is refused, which fails the group's transaction.
    Task bad = claimed.get(1);
    long discarded = store.versions().stage(bad.partition(), "OP", bad.id(), "1");
    store.versions().discardStaged("OP");
    try (GroupCommitPublisher publisher = new GroupCommitPublisher(store.versions())) {
      // Queued together before the publisher thread can take the first one alone, most runs:
      // either way every future must settle as asserted.
      CompletableFuture<PublishResult> ok = publisher.submit(request(good));
      CompletableFuture<PublishResult> refused =
          publisher.submit(finishing(request(bad), discarded));
      CompletableFuture<List<Task>> next = publisher.claim(claim(2));

      assertThat(ok.get(10, TimeUnit.SECONDS)).isInstanceOf(PublishResult.Published.class);
      assertThatThrownBy(() -> refused.get(10, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(IllegalStateException.class);
      assertThat(next.get(10, TimeUnit.SECONDS)).hasSize(2);
    }
    assertThat(store.tasks().find(good.id()).orElseThrow().state()).isEqualTo(TaskState.SUCCEEDED);
    assertThat(store.tasks().find(bad.id()).orElseThrow().state()).isEqualTo(TaskState.RUNNING);
    assertThat(store.tasks().list("OP", Set.of(TaskState.RUNNING))).hasSize(3);
  }

  @Test
  void the_pace_of_group_commits_is_learnt_from_the_groups_it_timed() throws Exception {
    Task t = store.tasks().claim("OP", "runner", 1, Instant.now(), Instant.now()).get(0);
    try (GroupCommitPublisher publisher = new GroupCommitPublisher(store.versions())) {
      // Nothing timed yet: one at a time.
      assertThat(publisher.groupWithin(Duration.ofHours(1))).isEqualTo(1);

      publisher.submit(request(t)).get(10, TimeUnit.SECONDS);

      assertThat(publisher.groupWithin(Duration.ofNanos(1))).isEqualTo(1);
      assertThat(publisher.groupWithin(Duration.ofHours(1))).isEqualTo(256);
      assertThat(publisher.groupWithin(Duration.ofMillis(50)))
          .isBetween(1, 256)
          .isGreaterThanOrEqualTo(publisher.groupWithin(Duration.ofMillis(1)));
    }
  }

  private static io.aurum.core.port.PublishRequest request(Task t) {
    PartitionKey key = t.partition();
    return publish(t.id(), t.leaseOwner(), "OP", key, rows(key, 1, 24, 1), null);
  }

  private static List<Long> ids(List<Task> tasks) {
    return tasks.stream().map(Task::id).toList();
  }
}
