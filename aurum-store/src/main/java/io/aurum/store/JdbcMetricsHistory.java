package io.aurum.store;

import io.aurum.core.model.OperationType;
import io.aurum.core.model.SourceId;
import io.aurum.core.port.MetricsHistory;
import io.aurum.store.jdbc.Jdbc;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link MetricsHistory} on SQLite and PostgreSQL: tables {@code metric_samples} and {@code
 * metric_source_minutes}; a write is one batched transaction, buckets are added to the stored row
 * of their minute with an upsert both databases speak. Thread-safe.
 */
final class JdbcMetricsHistory implements MetricsHistory {
  private static final String SAMPLE_COLUMNS =
      "operation_id, source, operation_type, run_started, sampled_at, last, records, partitions,"
          + " failed, requests, request_errors, bytes, memory_bytes";
  private static final String ADD_BUCKET =
      "INSERT INTO metric_source_minutes AS m (source, minute, requests, throttled, errors,"
          + " quota_left, breaker_open) VALUES (?, ?, ?, ?, ?, ?, ?)"
          + " ON CONFLICT (source, minute) DO UPDATE SET"
          + " requests = m.requests + excluded.requests,"
          + " throttled = m.throttled + excluded.throttled,"
          + " errors = m.errors + excluded.errors,"
          + " quota_left = CASE WHEN m.quota_left IS NULL THEN excluded.quota_left"
          + " WHEN excluded.quota_left IS NULL OR m.quota_left <= excluded.quota_left"
          + " THEN m.quota_left ELSE excluded.quota_left END,"
          + " breaker_open = CASE WHEN excluded.breaker_open > m.breaker_open"
          + " THEN excluded.breaker_open ELSE m.breaker_open END";

  private final Jdbc jdbc;

  JdbcMetricsHistory(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public void record(List<OperationSample> samples, List<SourceBucket> buckets) {
    if (samples.isEmpty() && buckets.isEmpty()) {
      return;
    }
    jdbc.inTransaction(
        "recording metrics history",
        c -> {
          insertSamples(c, samples);
          addBuckets(c, buckets);
          return null;
        });
  }

  private static void insertSamples(Connection c, List<OperationSample> samples)
      throws SQLException {
    if (samples.isEmpty()) {
      return;
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO metric_samples ("
                + SAMPLE_COLUMNS
                + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
      for (OperationSample s : samples) {
        ps.setString(1, s.operationId());
        ps.setString(2, s.source().cliName());
        ps.setString(3, s.type().name());
        ps.setLong(4, s.runStarted().toEpochMilli());
        ps.setLong(5, s.at().toEpochMilli());
        ps.setInt(6, s.last() ? 1 : 0);
        ps.setLong(7, s.records());
        ps.setLong(8, s.partitions());
        ps.setLong(9, s.failed());
        ps.setLong(10, s.requests());
        ps.setLong(11, s.requestErrors());
        ps.setLong(12, s.bytes());
        ps.setLong(13, s.memoryBytes());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  private static void addBuckets(Connection c, List<SourceBucket> buckets) throws SQLException {
    if (buckets.isEmpty()) {
      return;
    }
    try (PreparedStatement ps = c.prepareStatement(ADD_BUCKET)) {
      for (SourceBucket b : buckets) {
        ps.setString(1, b.source().cliName());
        ps.setLong(2, b.minute().toEpochMilli());
        ps.setLong(3, b.requests());
        ps.setLong(4, b.throttled());
        ps.setLong(5, b.errors());
        if (b.quotaLeft() == null) {
          ps.setNull(6, Types.BIGINT);
        } else {
          ps.setLong(6, b.quotaLeft());
        }
        ps.setInt(7, b.breakerOpen() ? 1 : 0);
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  @Override
  public List<OperationSample> samples(
      Instant from, Instant to, SourceId source, OperationType type) {
    String sql =
        "SELECT "
            + SAMPLE_COLUMNS
            + " FROM metric_samples WHERE sampled_at >= ? AND sampled_at < ?"
            + (source == null ? "" : " AND source = ?")
            + (type == null ? "" : " AND operation_type = ?")
            + " ORDER BY operation_id, sampled_at, last";
    return jdbc.withConnection(
        "reading metrics history",
        c -> {
          List<OperationSample> out = new ArrayList<>();
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            ps.setLong(i++, from.toEpochMilli());
            ps.setLong(i++, to.toEpochMilli());
            if (source != null) {
              ps.setString(i++, source.cliName());
            }
            if (type != null) {
              ps.setString(i, type.name());
            }
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(sample(rs));
              }
            }
          }
          return out;
        });
  }

  private static OperationSample sample(ResultSet rs) throws SQLException {
    return new OperationSample(
        rs.getString(1),
        SourceId.parse(rs.getString(2)),
        OperationType.valueOf(rs.getString(3)),
        Instant.ofEpochMilli(rs.getLong(4)),
        Instant.ofEpochMilli(rs.getLong(5)),
        rs.getInt(6) != 0,
        rs.getLong(7),
        rs.getLong(8),
        rs.getLong(9),
        rs.getLong(10),
        rs.getLong(11),
        rs.getLong(12),
        rs.getLong(13));
  }

  @Override
  public List<SourceBucket> buckets(Instant from, Instant to, SourceId source) {
    String sql =
        "SELECT source, minute, requests, throttled, errors, quota_left, breaker_open"
            + " FROM metric_source_minutes WHERE minute >= ? AND minute < ?"
            + (source == null ? "" : " AND source = ?")
            + " ORDER BY source, minute";
    return jdbc.withConnection(
        "reading the sources' metrics history",
        c -> {
          List<SourceBucket> out = new ArrayList<>();
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, from.toEpochMilli());
            ps.setLong(2, to.toEpochMilli());
            if (source != null) {
              ps.setString(3, source.cliName());
            }
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                long left = rs.getLong(6);
                boolean none = rs.wasNull();
                out.add(
                    new SourceBucket(
                        SourceId.parse(rs.getString(1)),
                        Instant.ofEpochMilli(rs.getLong(2)),
                        rs.getLong(3),
                        rs.getLong(4),
                        rs.getLong(5),
                        none ? null : left,
                        rs.getInt(7) != 0));
              }
            }
          }
          return out;
        });
  }

  @Override
  public Pruned prune(Instant before) {
    long cutoff = before.toEpochMilli();
    return jdbc.inTransaction(
        "pruning metrics history",
        c -> {
          long samples;
          long minutes;
          try (PreparedStatement ps =
              c.prepareStatement("DELETE FROM metric_samples WHERE sampled_at < ?")) {
            ps.setLong(1, cutoff);
            samples = ps.executeUpdate();
          }
          try (PreparedStatement ps =
              c.prepareStatement("DELETE FROM metric_source_minutes WHERE minute < ?")) {
            ps.setLong(1, cutoff);
            minutes = ps.executeUpdate();
          }
          return new Pruned(samples, minutes);
        });
  }
}
