package io.aurum.store;

import io.aurum.core.model.PartitionKey;
import io.aurum.core.port.PublishRequest;
import io.aurum.core.port.PublishResult;
import io.aurum.core.publish.PublishDecision;
import io.aurum.core.publish.PublishDecision.Decision;
import io.aurum.store.dialect.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The write–audit–publish step of docs/architecture.md for a batch of tasks, in the caller's
 * transaction: per request, the lease check ({@link TaskFence}), the head compare-and-set, the
 * version's rows and state, the superseded head, the head row, the task's final state with
 * counters, an audit entry and an outbox row.
 *
 * <p>Round trips, not rows, cost here, so the work is done per group: the heads and version numbers
 * of all partitions are read in one query, each statement is prepared once and sent as one batch,
 * the audit chain is locked and its last hash read once. Requests are decided in order ({@link
 * PublishDecision}, against the heads read under the partition locks as they move within the
 * group); a partition that appears twice is handled in a later wave so that the second request sees
 * the first one's head. Where the database pipelines statements (PostgreSQL), groups of new
 * versions on distinct partitions go to {@link PipelinedGroupCommit} instead, which makes the same
 * decisions in two round trips. The waves' SQL is {@link WaveWrites}'s, and each request's
 * decision, result and audit detail {@link PublishOutcomes}'. Stateless apart from its
 * collaborators; thread-safe.
 */
final class GroupCommit {
  static final String OUTBOX_TOPIC = "aurum.versions";

  /** Who a publish's audit entry names. */
  static final String ACTOR = "engine";

  private static final String OUTBOX = "INSERT INTO outbox (at, topic, payload) VALUES (?, ?, ?)";

  private final Dialect dialect;
  private final JdbcAuditLog audit;
  private final Clock clock;
  private final PipelinedGroupCommit pipelined;

  GroupCommit(Dialect dialect, JdbcAuditLog audit, Clock clock) {
    this.dialect = dialect;
    this.audit = audit;
    this.clock = clock;
    this.pipelined = dialect.pipelinesStatements() ? new PipelinedGroupCommit(dialect) : null;
  }

  List<PublishResult> run(Connection c, List<PublishRequest> requests) throws SQLException {
    if (pipelined != null && PipelinedGroupCommit.applies(requests)) {
      return pipelined.run(c, requests, clock.millis());
    }
    List<PartitionKey> keys = requests.stream().map(PublishRequest::partition).toList();
    dialect.lockPartitions(c, keys);
    int n = requests.size();
    Group g = new Group(requests, clock.millis());
    try (Statements st = new Statements(c, dialect)) {
      Map<Long, TaskFence.Holder> holders = TaskFence.read(st, requests, !dialect.singleWriter());
      WaveWrites.readHeadsAndNumbers(st, new ArrayList<>(new HashSet<>(keys)), g);
      List<Integer> remaining = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        // A fenced request writes nothing and leaves the others alone.
        g.results[i] = TaskFence.fenced(requests.get(i), holders);
        if (g.results[i] == null) {
          remaining.add(i);
        }
      }
      while (!remaining.isEmpty()) {
        List<Integer> wave = new ArrayList<>();
        List<Integer> later = new ArrayList<>();
        Set<PartitionKey> inWave = new HashSet<>();
        for (int i : remaining) {
          (inWave.add(requests.get(i).partition()) ? wave : later).add(i);
        }
        WaveWrites.writeWave(st, g, wave);
        remaining = later;
      }
      List<JdbcAuditLog.Draft> drafts = new ArrayList<>();
      PreparedStatement outbox = st.get(OUTBOX);
      for (int i = 0; i < n; i++) {
        if (g.auditDetail[i] == null) {
          continue;
        }
        PublishRequest r = requests.get(i);
        drafts.add(
            new JdbcAuditLog.Draft(
                ACTOR, r.operationId(), PublishOutcomes.action(g.decisions[i]), g.auditDetail[i]));
        outbox.setLong(1, g.now);
        outbox.setString(2, OUTBOX_TOPIC);
        outbox.setString(3, g.auditDetail[i]);
        outbox.addBatch();
      }
      if (!drafts.isEmpty()) {
        outbox.executeBatch();
      }
      audit.appendAllIn(c, drafts);
    }
    // Rows of every request go in with one COPY (or one batch) at the end: per-version round
    // trips dominate small versions. Nothing reads them back within the transaction.
    dialect.insertObservations(c, g.rows);
    return Arrays.asList(g.results);
  }

  /** The state of one group commit as it is decided and written. */
  static final class Group {
    final List<PublishRequest> requests;
    final long now;
    final PublishResult[] results;
    final String[] auditDetail;
    final Decision[] decisions;
    final Map<PartitionKey, Long> heads = new HashMap<>();
    final Map<PartitionKey, Integer> lastVersionNo = new HashMap<>();
    final List<Dialect.VersionRows> rows = new ArrayList<>();

    Group(List<PublishRequest> requests, long now) {
      this.requests = requests;
      this.now = now;
      this.results = new PublishResult[requests.size()];
      this.auditDetail = new String[requests.size()];
      this.decisions = new Decision[requests.size()];
    }

    /** Whether request {@code i} was accepted to be kept QUARANTINED rather than published. */
    boolean held(int i) {
      return decisions[i] instanceof Decision.Hold;
    }
  }
}
