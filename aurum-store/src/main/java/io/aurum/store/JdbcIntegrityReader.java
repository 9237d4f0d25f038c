package io.aurum.store;

import io.aurum.core.model.Head;
import io.aurum.core.model.Observation;
import io.aurum.core.model.PartitionVersion;
import io.aurum.core.model.SourceId;
import io.aurum.core.port.IntegrityReader;
import io.aurum.store.jdbc.Jdbc;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The scanner's read path on both dialects: metadata in one query each, rows one version at a time
 * through one prepared statement on one streaming connection, so a scan holds at most one
 * partition's rows.
 */
final class JdbcIntegrityReader implements IntegrityReader {
  private static final int FETCH_SIZE = 10_000;

  private final Jdbc jdbc;

  JdbcIntegrityReader(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public List<HeadVersion> heads(SourceId source, String dataset) {
    return jdbc.withConnection(
        "reading heads of " + source.cliName() + "/" + dataset,
        c -> {
          Map<Long, PartitionVersion> byId = new HashMap<>();
          for (PartitionVersion v :
              versions(c, "source = ? AND dataset = ?", source.name(), dataset)) {
            byId.put(v.id(), v);
          }
          List<HeadVersion> out = new ArrayList<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT "
                      + Rows.HEAD_COLUMNS
                      + " FROM heads WHERE source = ? AND dataset = ? ORDER BY period")) {
            ps.setString(1, source.name());
            ps.setString(2, dataset);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                Head h = Rows.head(rs);
                out.add(new HeadVersion(h, byId.get(h.versionId())));
              }
            }
          }
          return out;
        });
  }

  @Override
  public List<PartitionVersion> versions(SourceId source) {
    return jdbc.withConnection(
        "reading versions of " + source.cliName(),
        c -> versions(c, "source = ? ORDER BY dataset, period, version_no", source.name(), null));
  }

  private static List<PartitionVersion> versions(
      Connection c, String where, String source, String dataset) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT " + Rows.VERSION_COLUMNS + " FROM partition_versions WHERE " + where)) {
      ps.setFetchSize(FETCH_SIZE);
      ps.setString(1, source);
      if (dataset != null) {
        ps.setString(2, dataset);
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
  public void rows(List<Long> versionIds, VersionRows sink) {
    if (versionIds.isEmpty()) {
      return;
    }
    jdbc.streaming(
        "reading rows of " + versionIds.size() + " version(s)",
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT series_id, period, value, unit FROM observations"
                      + " WHERE version_id = ? ORDER BY series_id, period")) {
            ps.setFetchSize(FETCH_SIZE);
            List<Observation> rows = new ArrayList<>();
            Map<String, String> names = new HashMap<>();
            for (long id : versionIds) {
              rows.clear();
              ps.setLong(1, id);
              try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                  // One instance per series and unit name: the checksum compares them by identity.
                  String series = names.computeIfAbsent(rs.getString(1), k -> k);
                  String unit = rs.getString(4);
                  rows.add(
                      new Observation(
                          series,
                          Instant.ofEpochSecond(rs.getLong(2)),
                          rs.getDouble(3),
                          unit == null ? null : names.computeIfAbsent(unit, k -> k)));
                }
              }
              sink.accept(id, rows);
            }
          }
          return null;
        });
  }

  @Override
  public List<QuotaWindowUse> quotaWindows(SourceId source, Instant now) {
    return jdbc.withConnection(
        "reading the quota windows of " + source.cliName(),
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT key_id, period_seconds, window_start, used FROM quota_windows"
                      + " WHERE source = ? ORDER BY key_id, period_seconds")) {
            ps.setString(1, source.cliName());
            List<QuotaWindowUse> out = new ArrayList<>();
            long nowSec = now.getEpochSecond();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                long period = rs.getLong(2);
                long start = rs.getLong(3);
                // The ledger resets a window lazily, at the next take: an older start counts 0.
                if (period > 0 && start == nowSec - Math.floorMod(nowSec, period)) {
                  out.add(
                      new QuotaWindowUse(
                          rs.getString(1),
                          java.time.Duration.ofSeconds(period),
                          Instant.ofEpochSecond(start),
                          rs.getLong(4)));
                }
              }
            }
            return out;
          }
        });
  }

  @Override
  public List<OpenBreaker> openBreakers(SourceId source, Instant now) {
    return jdbc.withConnection(
        "reading circuit breakers of " + source.cliName(),
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT key_id, open_until, reason FROM source_breakers"
                      + " WHERE source = ? AND open_until > ? ORDER BY key_id")) {
            // The ledger keys breakers by the source's CLI name (JdbcQuotaLedger).
            ps.setString(1, source.cliName());
            ps.setLong(2, now.toEpochMilli());
            List<OpenBreaker> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(
                    new OpenBreaker(
                        rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)), rs.getString(3)));
              }
            }
            return out;
          }
        });
  }
}
