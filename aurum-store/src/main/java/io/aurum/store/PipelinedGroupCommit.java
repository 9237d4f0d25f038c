package io.aurum.store;

import io.aurum.core.model.Counters;
import io.aurum.core.model.Observation;
import io.aurum.core.model.PartitionKey;
import io.aurum.core.port.PublishRequest;
import io.aurum.core.port.PublishResult;
import io.aurum.core.publish.PublishDecision.Decision;
import io.aurum.store.dialect.Dialect;
import io.aurum.store.dialect.PostgresDialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * {@link GroupCommit} on PostgreSQL in two round trips besides the rows and the commit. Each round
 * trip is one prepared statement holding several SQL statements, which the driver sends together
 * and the server runs in order, each with its own snapshot:
 *
 * <ol>
 *   <li>the partition locks and the audit chain lock (in that order, as every group commit takes
 *       them), the tasks' rows with their lease holders ({@link TaskFence}, locked), then the heads
 *       and highest version numbers, as many new version ids as requests, and the audit chain's
 *       anchor (its length and head hash);
 *   <li>every write of the group, each statement taking whole columns as arrays: the versions, the
 *       superseded heads, the new and moved heads, the tasks, the outbox, the audit entries, the
 *       audit anchor and, up to {@link #INLINE_ROWS}, the observation rows (more go in with one
 *       {@code COPY} after).
 * </ol>
 *
 * <p>Requests are decided here ({@link io.aurum.core.publish.PublishDecision}, by {@link
 * PublishOutcomes} as {@link GroupCommit} does), in order, against the heads read under the locks,
 * so the writes need nothing back. On a machine where the database shares the cores, each round
 * trip costs a scheduling delay (0.3–1 ms), and the plain group commit made twelve. Only groups of
 * new versions on distinct partitions take this path ({@link #applies}); the rest go through {@link
 * GroupCommit}'s general one. Stateless; thread-safe.
 */
final class PipelinedGroupCommit {
  private static final String READ =
      PostgresDialect.LOCK_PARTITIONS_SQL
          + "; "
          + PostgresDialect.LOCK_AUDIT_CHAIN_SQL
          + "; "
          + TaskFence.LOCK_HOLDERS_SQL
          + ";"
          // Scalar subqueries on the whole key use the key indexes even on fresh tables.
          + " SELECT (SELECT version_id FROM heads h WHERE h.source = k.s AND h.dataset = k.d"
          + " AND h.period = k.p), (SELECT MAX(version_no) FROM partition_versions v"
          + " WHERE v.source = k.s AND v.dataset = k.d AND v.period = k.p)"
          + " FROM unnest(?::text[], ?::text[], ?::text[]) WITH ORDINALITY AS k(s, d, p, i)"
          + " ORDER BY k.i;"
          + " SELECT nextval(pg_get_serial_sequence('partition_versions', 'id'))"
          + " FROM generate_series(1, ?); "
          + PublishRecords.READ_ANCHOR;

  /**
   * Most observation rows a group sends inline, as array parameters of its writes; more go in with
   * one binary {@code COPY} after them (two more round trips, but no text formatting of values).
   */
  private static final int INLINE_ROWS = 4096;

  private static final String WRITE =
      "INSERT INTO partition_versions (id, source, dataset, period, version_no, operation_id,"
          + " task_id, state, record_count, checksum, schema_version, quality_score, created_at,"
          + " published_at, complete, attributes_digest) SELECT id, s, d, p, no, op, task, st, n,"
          + " sum, sv, q, ?, ?, c, ad FROM unnest(?::int8[], ?::text[], ?::text[], ?::text[],"
          + " ?::int8[], ?::text[], ?::int8[], ?::text[], ?::int8[], ?::text[], ?::text[],"
          + " ?::float8[], ?::bool[], ?::text[])"
          + " AS u(id, s, d, p, no, op, task, st, n, sum, sv, q, c, ad);"
          + " UPDATE partition_versions SET state = 'SUPERSEDED'"
          + " WHERE id = ANY(?::int8[]) AND state = 'PUBLISHED';"
          + " INSERT INTO heads (source, dataset, period, version_id, operation_id, record_count,"
          + " complete, updated_at) SELECT s, d, p, v, op, n, c, ? FROM unnest(?::text[],"
          + " ?::text[], ?::text[], ?::int8[], ?::text[], ?::int8[], ?::bool[])"
          + " AS u(s, d, p, v, op, n, c);"
          + " UPDATE heads h SET version_id = u.v, operation_id = u.op, record_count = u.n,"
          + " complete = u.c, updated_at = ? FROM unnest(?::text[], ?::text[], ?::text[],"
          + " ?::int8[], ?::text[], ?::int8[], ?::bool[], ?::int8[]) AS u(s, d, p, v, op, n, c, was)"
          + " WHERE h.source = u.s AND h.dataset = u.d AND h.period = u.p AND h.version_id = u.was;"
          + " UPDATE tasks t SET state = u.st, version_id = u.v, last_error = u.err,"
          + " lease_owner = NULL, lease_until = NULL, updated_at = ?, records = records + u.rec,"
          + " api_calls = api_calls + u.calls, bytes = bytes + u.b, retries = retries + u.r,"
          + " errors = errors + u.e FROM unnest(?::int8[], ?::text[], ?::int8[], ?::text[],"
          + " ?::int8[], ?::int8[], ?::int8[], ?::int8[], ?::int8[],"
          + " ?::text[]) AS u(id, st, v, err, rec, calls, b, r, e, owner) WHERE t.id = u.id"
          + " AND t.state = 'RUNNING' AND t.lease_owner = u.owner;"
          + " INSERT INTO outbox (at, topic, payload) SELECT ?, ?, p FROM unnest(?::text[]) AS u(p);"
          + " INSERT INTO audit_log (seq, at, actor, operation_id, action, detail, prev_hash, hash)"
          + " SELECT seq, ?, '"
          + GroupCommit.ACTOR
          + "', op, a, d, prev, h FROM unnest(?::int8[], ?::text[],"
          + " ?::text[], ?::text[], ?::text[], ?::text[]) AS u(seq, op, a, d, prev, h);"
          + " "
          + PublishRecords.MOVE_ANCHOR
          + ";"
          + " INSERT INTO observations (version_id, series_id, period, value, unit, attributes)"
          + " SELECT * FROM unnest(?::int8[], ?::text[], ?::int8[], ?::float8[], ?::text[],"
          + " ?::text[])";

  private final Dialect dialect;

  PipelinedGroupCommit(Dialect dialect) {
    this.dialect = dialect;
  }

  /** Whether this path takes the group: new versions only, each partition once. */
  static boolean applies(List<PublishRequest> requests) {
    Set<PartitionKey> seen = new HashSet<>();
    for (PublishRequest r : requests) {
      if (r.stagedVersionId() != null || !seen.add(r.partition())) {
        return false;
      }
    }
    return true;
  }

  List<PublishResult> run(Connection c, List<PublishRequest> requests, long now)
      throws SQLException {
    int n = requests.size();
    Read read = read(c, requests);
    PublishResult[] results = new PublishResult[n];
    List<Accepted> accepted = new ArrayList<>(n);
    List<Dialect.VersionRows> rows = new ArrayList<>(n);
    PublishRecords.Chain chain = read.chain;
    String at = Instant.ofEpochMilli(now).toString();
    for (int i = 0; i < n; i++) {
      PublishRequest r = requests.get(i);
      PublishResult.Fenced fenced = TaskFence.fenced(r, read.holders);
      if (fenced != null) {
        // A fenced request writes nothing and leaves the others alone.
        results[i] = fenced;
        continue;
      }
      Decision d = PublishOutcomes.decide(r, read.heads[i]);
      PublishResult.Conflict conflict = PublishOutcomes.conflict(r, d);
      if (conflict != null) {
        // A conflicting request writes nothing and leaves the others alone.
        results[i] = conflict;
        continue;
      }
      long id = read.ids[i];
      int no = read.lastVersionNo[i] + 1;
      String detail = PublishOutcomes.detail(r, d, id, no);
      String action = PublishOutcomes.action(d);
      PublishRecords.Link link = chain.next(at, GroupCommit.ACTOR, r.operationId(), action, detail);
      accepted.add(new Accepted(r, d, id, no, action, detail, link));
      PublishOutcomes.addRows(rows, id, r);
      results[i] = PublishOutcomes.result(r, d, id, no);
    }
    if (!accepted.isEmpty()) {
      int total = rows.stream().mapToInt(v -> v.rows().size()).sum();
      boolean inline = total <= INLINE_ROWS;
      write(c, accepted, chain, inline ? rows : List.of(), now);
      if (!inline) {
        // Many rows: one COPY after the writes. Nothing reads them back in this transaction.
        dialect.insertObservations(c, rows);
      }
    }
    return List.of(results);
  }

  /**
   * What the first round trip read, per request in order, the holders of the tasks (locked) and the
   * audit chain at its anchor.
   */
  private record Read(
      Long[] heads,
      int[] lastVersionNo,
      long[] ids,
      Map<Long, TaskFence.Holder> holders,
      PublishRecords.Chain chain) {}

  /**
   * A request the decision accepted (published or held as QUARANTINED): its new version, the
   * decision and its audit entry.
   */
  private record Accepted(
      PublishRequest r,
      Decision decision,
      long versionId,
      int versionNo,
      String action,
      String detail,
      PublishRecords.Link link) {
    PartitionKey partition() {
      return r.partition();
    }

    boolean held() {
      return decision instanceof Decision.Hold;
    }

    /** The head the version replaces (null: none, or held: the head stays). */
    Long head() {
      return decision instanceof Decision.Publish p ? p.replaces() : null;
    }

    boolean insertsHead() {
      return decision instanceof Decision.Publish p && p.replaces() == null;
    }

    boolean movesHead() {
      return decision instanceof Decision.Publish p && p.replaces() != null;
    }
  }

  private static Read read(Connection c, List<PublishRequest> requests) throws SQLException {
    int n = requests.size();
    List<PartitionKey> keys = new ArrayList<>(n);
    for (PublishRequest r : requests) {
      keys.add(r.partition());
    }
    Long[] heads = new Long[n];
    int[] lastVersionNo = new int[n];
    long[] ids = new long[n];
    Map<Long, TaskFence.Holder> holders = new HashMap<>();
    PublishRecords.Chain chain;
    try (PreparedStatement ps = c.prepareStatement(READ)) {
      ps.setObject(1, PostgresDialect.partitionLockKeys(keys));
      ArrayColumns k = new ArrayColumns(c, ps, 2);
      k.int8(requests, PublishRequest::taskId);
      keyColumns(k, keys, Function.identity());
      k.value(n);
      ps.execute();
      nextResult(ps); // the audit chain lock
      try (ResultSet rs = nextResult(ps)) {
        TaskFence.collect(rs, holders);
      }
      try (ResultSet rs = nextResult(ps)) {
        for (int i = 0; i < n; i++) {
          rs.next();
          long head = rs.getLong(1);
          heads[i] = rs.wasNull() ? null : head;
          lastVersionNo[i] = rs.getInt(2);
        }
      }
      try (ResultSet rs = nextResult(ps)) {
        for (int i = 0; i < n; i++) {
          rs.next();
          ids[i] = rs.getLong(1);
        }
      }
      try (ResultSet rs = nextResult(ps)) {
        chain = PublishRecords.Chain.fromAnchor(rs);
      }
    }
    return new Read(heads, lastVersionNo, ids, holders, chain);
  }

  private static ResultSet nextResult(PreparedStatement ps) throws SQLException {
    if (!ps.getMoreResults()) {
      throw new IllegalStateException("a statement of the group commit's read returned no result");
    }
    return ps.getResultSet();
  }

  private static void write(
      Connection c,
      List<Accepted> all,
      PublishRecords.Chain chain,
      List<Dialect.VersionRows> rows,
      long now)
      throws SQLException {
    List<Accepted> inserts = all.stream().filter(Accepted::insertsHead).toList();
    List<Accepted> moves = all.stream().filter(Accepted::movesHead).toList();
    try (PreparedStatement ps = c.prepareStatement(WRITE)) {
      ArrayColumns w = new ArrayColumns(c, ps, 1);
      w.value(now);
      w.value(now);
      w.int8(all, Accepted::versionId);
      keyColumns(w, all, Accepted::partition);
      w.int8(all, Accepted::versionNo);
      w.text(all, a -> a.r().operationId());
      w.int8(all, a -> a.r().taskId());
      w.text(all, a -> a.held() ? "QUARANTINED" : "PUBLISHED");
      w.int8(all, a -> a.r().recordCount());
      w.text(all, a -> a.r().checksum());
      w.text(all, a -> a.r().schemaVersion());
      w.float8(all, a -> a.r().qualityScore());
      w.bool(all, a -> a.r().complete());
      w.text(all, a -> PublishRecords.attributesDigest(a.r()));

      w.int8(moves, Accepted::head);

      w.value(now);
      headColumns(w, inserts);
      w.value(now);
      headColumns(w, moves);
      w.int8(moves, Accepted::head);

      w.value(now);
      w.int8(all, a -> a.r().taskId());
      w.text(all, a -> a.held() ? "FAILED" : "SUCCEEDED");
      w.int8(all, Accepted::versionId);
      w.text(all, a -> a.held() ? a.r().quarantineReason() : null);
      w.int8(all, a -> counters(a).records());
      w.int8(all, a -> counters(a).apiCalls());
      w.int8(all, a -> counters(a).bytes());
      w.int8(all, a -> counters(a).retries());
      w.int8(all, a -> counters(a).errors());
      w.text(all, a -> a.r().leaseOwner());

      w.value(now);
      w.value(GroupCommit.OUTBOX_TOPIC);
      w.text(all, Accepted::detail);

      w.value(now);
      w.int8(all, a -> a.link().seq());
      w.text(all, a -> a.r().operationId());
      w.text(all, Accepted::action);
      w.text(all, Accepted::detail);
      w.text(all, a -> a.link().prevHash());
      w.text(all, a -> a.link().hash());
      w.value(chain.seq());
      w.value(chain.hash());
      observationColumns(w, rows);

      // Results in statement order. The inserts write every row or fail; the updates may match
      // fewer rows than decided, so their counts are checked.
      ps.execute();
      ps.getMoreResults();
      expect(ps.getUpdateCount(), moves.size(), "superseded versions");
      ps.getMoreResults();
      ps.getMoreResults();
      expect(ps.getUpdateCount(), moves.size(), "head compare-and-sets");
      ps.getMoreResults();
      expect(ps.getUpdateCount(), all.size(), "task updates");
      ps.getMoreResults(); // the outbox
      ps.getMoreResults(); // the audit entries
      ps.getMoreResults();
      PublishRecords.anchorMoved(ps.getUpdateCount());
    }
  }

  private static void observationColumns(ArrayColumns w, List<Dialect.VersionRows> versions)
      throws SQLException {
    List<Observation> rows = new ArrayList<>();
    long[] versionIds = new long[versions.stream().mapToInt(v -> v.rows().size()).sum()];
    for (Dialect.VersionRows v : versions) {
      Arrays.fill(versionIds, rows.size(), rows.size() + v.rows().size(), v.versionId());
      rows.addAll(v.rows());
    }
    w.int8(versionIds);
    w.text(rows, Observation::seriesId);
    w.int8(rows, o -> o.period().getEpochSecond());
    w.float8(rows, Observation::value);
    w.text(rows, Observation::unit);
    w.text(rows, Observation::attributes);
  }

  /** The partition key as three text columns: source, dataset, period. */
  private static <T> void keyColumns(ArrayColumns w, List<T> rows, Function<T, PartitionKey> key)
      throws SQLException {
    w.text(rows, x -> key.apply(x).source().name());
    w.text(rows, x -> key.apply(x).dataset());
    w.text(rows, x -> key.apply(x).period().toString());
  }

  private static void headColumns(ArrayColumns w, List<Accepted> rows) throws SQLException {
    keyColumns(w, rows, Accepted::partition);
    w.int8(rows, Accepted::versionId);
    w.text(rows, a -> a.r().operationId());
    w.int8(rows, a -> a.r().recordCount());
    w.bool(rows, a -> a.r().complete());
  }

  private static Counters counters(Accepted a) {
    return a.r().counters() == null ? Counters.ZERO : a.r().counters();
  }

  private static void expect(int updated, int expected, String what) {
    if (updated != expected) {
      throw new IllegalStateException(
          what
              + " changed "
              + updated
              + " rows instead of "
              + expected
              + ": another writer moved a head or task without the partition lock");
    }
  }
}
