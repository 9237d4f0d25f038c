package io.aurum.store;

import io.aurum.core.model.PartitionKey;
import io.aurum.core.model.SourceId;
import io.aurum.core.port.IsolationRepository;
import io.aurum.core.publish.PublishDecision;
import io.aurum.store.dialect.Dialect;
import io.aurum.store.jdbc.Jdbc;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Corruption isolations in SQL ({@code corruption_isolations}, V085). Every head move asks {@link
 * PublishDecision#isolationMove} against the head read under the partition lock, and the UPDATE
 * still compares and sets. Thread-safe.
 */
final class JdbcIsolations implements IsolationRepository {
  private static final String COLUMNS =
      "id, source, dataset, period, mode, kinds, from_version_id, to_version_id, reason, actor,"
          + " isolated_at";

  private final Jdbc jdbc;
  private final Dialect dialect;
  private final JdbcAuditLog audit;
  private final Clock clock;

  JdbcIsolations(Jdbc jdbc, Dialect dialect, JdbcAuditLog audit, Clock clock) {
    this.jdbc = jdbc;
    this.dialect = dialect;
    this.audit = audit;
    this.clock = clock;
  }

  @Override
  public List<Result> isolate(List<Target> targets, Mode mode, String reason, String actor) {
    if (targets.isEmpty()) {
      return List.of();
    }
    return jdbc.inTransaction(
        "isolating " + targets.size() + " corrupted partition(s)",
        c -> {
          dialect.lockPartitions(c, targets.stream().map(Target::partition).toList());
          long now = clock.millis();
          long id = nextId(c);
          List<Result> out = new ArrayList<>();
          for (Target t : targets) {
            PartitionKey k = t.partition();
            Long head = VersionSql.headVersionId(c, k);
            if (openIn(c, k) != null) {
              out.add(new Result(k, Outcome.ALREADY_ISOLATED, head, head));
              continue;
            }
            if (head == null) {
              out.add(new Result(k, Outcome.NO_HEAD, null, null));
              continue;
            }
            Long to = head;
            if (mode == Mode.STRICT) {
              Long lastGood =
                  superseded(c, k, t.lastGoodVersionId()) ? t.lastGoodVersionId() : null;
              Long scanned = t.scannedVersionId() == null ? head : t.scannedVersionId();
              if (!(PublishDecision.isolationMove(scanned, head)
                  instanceof PublishDecision.Decision.Publish)) {
                out.add(new Result(k, Outcome.HEAD_MOVED, head, head));
                continue;
              }
              update(
                  c,
                  "UPDATE partition_versions SET state = 'QUARANTINED' WHERE id = ?"
                      + " AND state = 'PUBLISHED'",
                  head);
              move(c, k, head, lastGood, now);
              to = lastGood;
            }
            insert(c, id++, k, mode, t.kinds(), head, to, reason, actor, now);
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("partition", k.toString());
            detail.put("isolation", mode.name().toLowerCase(java.util.Locale.ROOT));
            detail.put("kinds", t.kinds());
            detail.put("fromVersionId", head);
            detail.put("toVersionId", to);
            if (reason != null) {
              detail.put("reason", reason);
            }
            String json = SpecJson.object(detail);
            audit.appendIn(c, actor, null, "corruption.isolated", json);
            if (mode == Mode.STRICT) {
              outbox(c, now, json);
            }
            out.add(new Result(k, Outcome.ISOLATED, head, to));
          }
          return out;
        });
  }

  @Override
  public List<Isolation> open(SourceId source) {
    return jdbc.withConnection(
        "reading the open corruption isolations of " + source.cliName(),
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT "
                      + COLUMNS
                      + " FROM corruption_isolations WHERE source = ? AND released_at IS NULL"
                      + " ORDER BY dataset, period")) {
            ps.setString(1, source.name());
            return read(ps);
          }
        });
  }

  @Override
  public List<Ended> end(
      SourceId source, List<PartitionKey> partitions, Ending ending, String reason, String actor) {
    return jdbc.inTransaction(
        "ending corruption isolations of " + source.cliName(),
        c -> {
          List<Isolation> open;
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT "
                      + COLUMNS
                      + " FROM corruption_isolations WHERE source = ? AND released_at IS NULL"
                      + " ORDER BY dataset, period")) {
            ps.setString(1, source.name());
            open = read(ps);
          }
          if (!partitions.isEmpty()) {
            open = open.stream().filter(i -> partitions.contains(i.partition())).toList();
          }
          if (open.isEmpty()) {
            return List.of();
          }
          dialect.lockPartitions(c, open.stream().map(Isolation::partition).toList());
          long now = clock.millis();
          List<Ended> out = new ArrayList<>();
          for (Isolation i : open) {
            PartitionKey k = i.partition();
            Long head = VersionSql.headVersionId(c, k);
            boolean restored = false;
            String outcome = ending == Ending.RELEASE ? "released" : "recovered";
            if (i.mode() == Mode.STRICT) {
              if (ending == Ending.RELEASE) {
                if (PublishDecision.isolationMove(i.toVersionId(), head)
                    instanceof PublishDecision.Decision.Publish) {
                  // Back to the version the isolation moved the head from.
                  update(
                      c,
                      "UPDATE partition_versions SET state = 'PUBLISHED' WHERE id = ?"
                          + " AND state = 'QUARANTINED'",
                      i.fromVersionId());
                  move(c, k, i.toVersionId(), i.fromVersionId(), now);
                  restored = true;
                } else {
                  outcome = "released, head kept";
                }
              } else if (!Objects.equals(head, i.fromVersionId())) {
                update(c, "DELETE FROM observations WHERE version_id = ?", i.fromVersionId());
                update(
                    c,
                    "UPDATE partition_versions SET state = 'DISCARDED' WHERE id = ?"
                        + " AND state = 'QUARANTINED'",
                    i.fromVersionId());
              }
            }
            try (PreparedStatement ps =
                c.prepareStatement(
                    "UPDATE corruption_isolations SET released_at = ?, released_by = ?,"
                        + " release_reason = ?, outcome = ? WHERE id = ? AND released_at IS NULL")) {
              ps.setLong(1, now);
              ps.setString(2, actor);
              ps.setString(3, reason);
              ps.setString(4, outcome);
              ps.setLong(5, i.id());
              ps.executeUpdate();
            }
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("partition", k.toString());
            detail.put("isolation", i.mode().name().toLowerCase(java.util.Locale.ROOT));
            detail.put("outcome", outcome);
            detail.put("headVersionId", restored ? i.fromVersionId() : head);
            if (reason != null) {
              detail.put("reason", reason);
            }
            String json = SpecJson.object(detail);
            audit.appendIn(
                c,
                actor,
                null,
                ending == Ending.RELEASE ? "corruption.released" : "corruption.recovered",
                json);
            if (restored) {
              outbox(c, now, json);
            }
            out.add(new Ended(i, restored));
          }
          return out;
        });
  }

  /**
   * Moves the head of {@code k} from {@code from} to {@code to} (null: the partition has no head
   * afterwards; from null: it had none): {@code to} becomes PUBLISHED, {@code from} SUPERSEDED when
   * it was PUBLISHED (a quarantined one stays so).
   */
  private static void move(Connection c, PartitionKey k, Long from, Long to, long now)
      throws SQLException {
    if (from != null) {
      update(
          c,
          "UPDATE partition_versions SET state = 'SUPERSEDED' WHERE id = ? AND state = 'PUBLISHED'",
          from);
    }
    if (to != null) {
      update(
          c,
          "UPDATE partition_versions SET state = 'PUBLISHED' WHERE id = ?"
              + " AND state IN ('SUPERSEDED', 'QUARANTINED')",
          to);
    }
    if (from != null && to != null) {
      int n =
          update(
              c,
              "UPDATE heads SET version_id = p.id, operation_id = p.operation_id,"
                  + " record_count = p.record_count,"
                  + " complete = COALESCE(p.complete, p.record_count > 0), updated_at = ?"
                  + " FROM partition_versions p WHERE p.id = ? AND heads.source = ?"
                  + " AND heads.dataset = ? AND heads.period = ? AND heads.version_id = ?",
              now,
              to,
              k.source().name(),
              k.dataset(),
              k.period().toString(),
              from);
      check(n, k);
    } else if (from != null) {
      int n =
          update(
              c,
              "DELETE FROM heads WHERE source = ? AND dataset = ? AND period = ?"
                  + " AND version_id = ?",
              k.source().name(),
              k.dataset(),
              k.period().toString(),
              from);
      check(n, k);
    } else if (to != null) {
      update(
          c,
          "INSERT INTO heads (source, dataset, period, version_id, operation_id, record_count,"
              + " complete, updated_at) SELECT source, dataset, period, id, operation_id,"
              + " record_count, COALESCE(complete, record_count > 0), ? FROM partition_versions"
              + " WHERE id = ?",
          now,
          to);
    }
  }

  private static void check(int n, PartitionKey k) {
    if (n != 1) {
      throw new IllegalStateException(
          "the head of " + k + " moved under the partition lock (updated " + n + " rows)");
    }
  }

  /** Whether {@code versionId} is a SUPERSEDED version of the partition (a last good version). */
  private static boolean superseded(Connection c, PartitionKey k, Long versionId)
      throws SQLException {
    if (versionId == null) {
      return false;
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT 1 FROM partition_versions WHERE id = ? AND source = ? AND dataset = ?"
                + " AND period = ? AND state = 'SUPERSEDED'")) {
      ps.setLong(1, versionId);
      VersionSql.bindKey(ps, 2, k);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  private static Long openIn(Connection c, PartitionKey k) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT id FROM corruption_isolations WHERE source = ? AND dataset = ? AND period = ?"
                + " AND released_at IS NULL")) {
      VersionSql.bindKey(ps, 1, k);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : null;
      }
    }
  }

  private static long nextId(Connection c) throws SQLException {
    try (PreparedStatement ps =
            c.prepareStatement("SELECT COALESCE(MAX(id), 0) + 1 FROM corruption_isolations");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static void insert(
      Connection c,
      long id,
      PartitionKey k,
      Mode mode,
      String kinds,
      Long from,
      Long to,
      String reason,
      String actor,
      long now)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO corruption_isolations (id, source, dataset, period, partition_key, mode,"
                + " kinds, from_version_id, to_version_id, reason, actor, isolated_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      ps.setLong(1, id);
      VersionSql.bindKey(ps, 2, k);
      ps.setString(5, k.toString());
      ps.setString(6, mode.name());
      ps.setString(7, kinds);
      setLong(ps, 8, from);
      setLong(ps, 9, to);
      ps.setString(10, reason);
      ps.setString(11, actor);
      ps.setLong(12, now);
      ps.executeUpdate();
    }
  }

  private static void setLong(PreparedStatement ps, int i, Long v) throws SQLException {
    if (v == null) {
      ps.setNull(i, Types.BIGINT);
    } else {
      ps.setLong(i, v);
    }
  }

  private static List<Isolation> read(PreparedStatement ps) throws SQLException {
    List<Isolation> out = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(
            new Isolation(
                rs.getLong(1),
                new PartitionKey(
                    SourceId.valueOf(rs.getString(2)),
                    rs.getString(3),
                    LocalDate.parse(rs.getString(4))),
                Mode.valueOf(rs.getString(5)),
                rs.getString(6),
                nullableLong(rs, 7),
                nullableLong(rs, 8),
                rs.getString(9),
                rs.getString(10),
                Instant.ofEpochMilli(rs.getLong(11))));
      }
    }
    return out;
  }

  private static Long nullableLong(ResultSet rs, int column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : v;
  }

  private static void outbox(Connection c, long now, String json) throws SQLException {
    update(
        c,
        "INSERT INTO outbox (at, topic, payload) VALUES (?, ?, ?)",
        now,
        GroupCommit.OUTBOX_TOPIC,
        json);
  }

  private static int update(Connection c, String sql, Object... args) throws SQLException {
    return JdbcOperationRepository.update(c, sql, args);
  }
}
