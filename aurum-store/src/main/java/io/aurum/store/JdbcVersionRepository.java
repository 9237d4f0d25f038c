package io.aurum.store;

import io.aurum.core.model.Head;
import io.aurum.core.model.Observation;
import io.aurum.core.model.PartitionKey;
import io.aurum.core.model.PartitionVersion;
import io.aurum.core.model.SourceId;
import io.aurum.core.port.ClaimRequest;
import io.aurum.core.port.CurrentRow;
import io.aurum.core.port.PublishBatch;
import io.aurum.core.port.PublishRequest;
import io.aurum.core.port.PublishResult;
import io.aurum.core.port.VersionRepository;
import io.aurum.store.dialect.Dialect;
import io.aurum.store.jdbc.Jdbc;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** Partition versions, their observations, heads and the current-observations read path. */
final class JdbcVersionRepository implements VersionRepository {
  private static final int FETCH_SIZE = 10_000;

  private final Jdbc jdbc;
  private final Dialect dialect;
  private final GroupCommit groupCommit;
  private final Clock clock;
  private final JdbcRollbacks rollbacks;
  private final JdbcTaskRepository tasks;

  JdbcVersionRepository(
      Jdbc jdbc,
      Dialect dialect,
      GroupCommit groupCommit,
      JdbcRollbacks rollbacks,
      JdbcTaskRepository tasks,
      Clock clock) {
    this.jdbc = jdbc;
    this.tasks = tasks;
    this.dialect = dialect;
    this.groupCommit = groupCommit;
    this.rollbacks = rollbacks;
    this.clock = clock;
  }

  @Override
  public List<VersionPair> written(String operationId) {
    return rollbacks.written(operationId);
  }

  @Override
  public List<String> laterOperations(String operationId) {
    return rollbacks.laterOperations(operationId);
  }

  @Override
  public long promote(
      long candidateId,
      Long expectedHead,
      String checksum,
      long records,
      String actor,
      String detail) {
    return rollbacks.promote(candidateId, expectedHead, checksum, records, actor, detail);
  }

  @Override
  public void discard(long versionId, String actor, String detail) {
    rollbacks.discard(versionId, actor, detail);
  }

  @Override
  public int purgeSuperseded(Instant cutoff, String actor) {
    return rollbacks.purgeSuperseded(cutoff.toEpochMilli(), actor);
  }

  @Override
  public RollbackResult rollback(String operationId, String rollbackId, String actor) {
    return rollbacks.rollback(operationId, rollbackId, actor);
  }

  @Override
  public RollbackResult rollbackPartitions(
      List<PartitionMove> moves, String rollbackId, String actor) {
    return rollbacks.rollbackPartitions(moves, rollbackId, actor);
  }

  @Override
  public Optional<Head> head(PartitionKey key) {
    return jdbc.withConnection(
        "reading the head of " + key,
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT "
                      + Rows.HEAD_COLUMNS
                      + " FROM heads WHERE source = ? AND dataset = ? AND period = ?")) {
            VersionSql.bindKey(ps, 1, key);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? Optional.of(Rows.head(rs)) : Optional.<Head>empty();
            }
          }
        });
  }

  @Override
  public List<Head> heads(SourceId source, String dataset, LocalDate from, LocalDate to) {
    return jdbc.withConnection(
        "reading heads of " + source.cliName() + "/" + dataset,
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT "
                      + Rows.HEAD_COLUMNS
                      + " FROM heads WHERE source = ? AND dataset = ? AND period >= ?"
                      + " AND period <= ? ORDER BY period")) {
            ps.setString(1, source.name());
            ps.setString(2, dataset);
            ps.setString(3, from.toString());
            ps.setString(4, to.toString());
            List<Head> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(Rows.head(rs));
              }
            }
            return out;
          }
        });
  }

  @Override
  public long stage(PartitionKey key, String operationId, long taskId, String schemaVersion) {
    return jdbc.inTransaction(
        "staging a version of " + key,
        c -> {
          dialect.lockPartitions(c, List.of(key));
          return VersionSql.insertVersion(
              c, key, operationId, taskId, schemaVersion, clock.millis());
        });
  }

  @Override
  public void append(long versionId, List<Observation> rows) {
    if (rows.isEmpty()) {
      return;
    }
    jdbc.inTransaction(
        "appending " + rows.size() + " rows to version " + versionId,
        c -> {
          String recorded;
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT state, attributes_digest FROM partition_versions WHERE id = ?")) {
            ps.setLong(1, versionId);
            try (ResultSet rs = ps.executeQuery()) {
              if (!rs.next() || !"STAGED".equals(rs.getString(1))) {
                throw new IllegalStateException(
                    "version " + versionId + " is not STAGED: cannot append rows");
              }
              recorded = rs.getString(2);
            }
          }
          dialect.insertObservations(c, versionId, rows);
          // Only the staging task appends to its version, one batch at a time: no lost update.
          try (PreparedStatement set = c.prepareStatement(VersionSql.SET_ATTRIBUTES)) {
            VersionSql.addAttributes(set, versionId, recorded, rows);
          }
          return null;
        });
  }

  @Override
  public List<PublishResult> publish(List<PublishRequest> requests) {
    if (requests.isEmpty()) {
      return List.of();
    }
    return jdbc.inTransaction(
        "publishing " + requests.size() + " version(s)", c -> groupCommit.run(c, requests));
  }

  @Override
  public PublishBatch publish(List<PublishRequest> requests, ClaimRequest claim) {
    if (claim == null) {
      return new PublishBatch(publish(requests), List.of());
    }
    return jdbc.inTransaction(
        "publishing "
            + requests.size()
            + " version(s) and claiming tasks of "
            + claim.operationId(),
        c -> {
          List<PublishResult> results =
              requests.isEmpty() ? List.of() : groupCommit.run(c, requests);
          try (Statements st = new Statements(c, dialect)) {
            return new PublishBatch(results, tasks.claim(st, claim));
          }
        });
  }

  @Override
  public Optional<PartitionVersion> version(long versionId) {
    return jdbc.withConnection(
        "reading version " + versionId,
        c -> selectVersions(c, "id = ?", versionId).stream().findFirst());
  }

  @Override
  public List<PartitionVersion> versions(PartitionKey key) {
    return jdbc.withConnection(
        "reading versions of " + key,
        c ->
            selectVersions(
                c,
                "source = ? AND dataset = ? AND period = ? ORDER BY version_no",
                key.source().name(),
                key.dataset(),
                key.period().toString()));
  }

  @Override
  public List<PartitionVersion> versionsIn(
      SourceId source, String dataset, LocalDate from, LocalDate to) {
    return jdbc.withConnection(
        "reading versions of " + source.cliName() + "/" + dataset,
        c ->
            selectVersions(
                c,
                "source = ? AND dataset = ? AND period >= ? AND period <= ?"
                    + " ORDER BY period, version_no",
                source.name(),
                dataset,
                from.toString(),
                to.toString()));
  }

  @Override
  public Map<Long, Long> nonFiniteValues(
      SourceId source, String dataset, LocalDate from, LocalDate to) {
    return jdbc.withConnection(
        "looking for non-finite values in " + source.cliName() + "/" + dataset,
        c -> {
          // Beyond the largest double: +Infinity and -Infinity on both databases, and NaN on
          // PostgreSQL, which sorts it above every number (SQLite cannot hold a NaN: it stores
          // NULL, which the column refuses).
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT o.version_id, COUNT(*) FROM partition_versions v"
                      + " JOIN observations o ON o.version_id = v.id"
                      + " WHERE v.source = ? AND v.dataset = ? AND v.period >= ? AND v.period <= ?"
                      + " AND (o.value > ? OR o.value < ?) GROUP BY o.version_id"
                      + " ORDER BY o.version_id")) {
            ps.setString(1, source.name());
            ps.setString(2, dataset);
            ps.setString(3, from.toString());
            ps.setString(4, to.toString());
            ps.setDouble(5, Double.MAX_VALUE);
            ps.setDouble(6, -Double.MAX_VALUE);
            Map<Long, Long> out = new LinkedHashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.put(rs.getLong(1), rs.getLong(2));
              }
            }
            return out;
          }
        });
  }

  @Override
  public List<PartitionVersion> versionsOf(String operationId) {
    return jdbc.withConnection(
        "reading versions of operation " + operationId,
        c -> selectVersions(c, "operation_id = ? ORDER BY created_at, id", operationId));
  }

  private static List<PartitionVersion> selectVersions(Connection c, String where, Object... args)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT " + Rows.VERSION_COLUMNS + " FROM partition_versions WHERE " + where)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      List<PartitionVersion> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(Rows.version(rs));
        }
      }
      return out;
    }
  }

  @Override
  public List<Observation> observations(long versionId) {
    return jdbc.streaming(
        "reading rows of version " + versionId,
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT series_id, period, value, unit, attributes FROM observations"
                      + " WHERE version_id = ? ORDER BY series_id, period")) {
            ps.setFetchSize(FETCH_SIZE);
            ps.setLong(1, versionId);
            List<Observation> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(
                    new Observation(
                        rs.getString(1),
                        Instant.ofEpochSecond(rs.getLong(2)),
                        rs.getDouble(3),
                        rs.getString(4),
                        rs.getString(5)));
              }
            }
            return out;
          }
        });
  }

  @Override
  public void current(
      SourceId source, List<String> datasets, Instant from, Instant to, Consumer<CurrentRow> sink) {
    String inDatasets =
        datasets.isEmpty()
            ? ""
            : " AND h.dataset IN ("
                + String.join(",", datasets.stream().map(d -> "?").toList())
                + ")";
    String sql =
        "SELECT h.dataset, o.series_id, o.period, o.value, o.unit, v.version_no,"
            + " v.operation_id, o.attributes FROM heads h"
            + " JOIN partition_versions v ON v.id = h.version_id"
            + " JOIN observations o ON o.version_id = h.version_id"
            + " WHERE h.source = ?"
            + inDatasets
            + " AND o.period >= ? AND o.period < ? ORDER BY h.dataset, o.series_id, o.period";
    jdbc.streaming(
        "reading current observations of " + source.cliName(),
        c -> {
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setFetchSize(FETCH_SIZE);
            int i = 1;
            ps.setString(i++, source.name());
            for (String d : datasets) {
              ps.setString(i++, d);
            }
            ps.setLong(i++, from.getEpochSecond());
            ps.setLong(i, to.getEpochSecond());
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                sink.accept(
                    new CurrentRow(
                        rs.getString(1),
                        rs.getString(2),
                        Instant.ofEpochSecond(rs.getLong(3)),
                        rs.getDouble(4),
                        rs.getString(5),
                        rs.getInt(6),
                        rs.getString(7),
                        rs.getString(8)));
              }
            }
          }
          return null;
        });
  }

  @Override
  public int discardStaged(String operationId) {
    return jdbc.inTransaction(
        "discarding staged versions of " + operationId,
        c -> {
          JdbcOperationRepository.update(
              c,
              "DELETE FROM observations WHERE version_id IN (SELECT id FROM partition_versions"
                  + " WHERE operation_id = ? AND state = 'STAGED')",
              operationId);
          return JdbcOperationRepository.update(
              c,
              "UPDATE partition_versions SET state = 'DISCARDED' WHERE operation_id = ?"
                  + " AND state = 'STAGED'",
              operationId);
        });
  }

  @Override
  public int countStaged(String operationId) {
    return jdbc.withConnection(
        "counting staged versions of " + operationId,
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT COUNT(*) FROM partition_versions WHERE operation_id = ?"
                      + " AND state = 'STAGED'")) {
            ps.setString(1, operationId);
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              return rs.getInt(1);
            }
          }
        });
  }
}
