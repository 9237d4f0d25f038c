package io.aurum.store;

import io.aurum.core.model.SourceId;
import io.aurum.core.port.FetchSlots;
import io.aurum.core.port.QuotaLedger;
import io.aurum.core.port.SharedPacing;
import io.aurum.store.jdbc.Jdbc;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Fixed-window quota counters and circuit breakers in the database, so that every process shares
 * one quota per source and key. A take locks the source's rows (SELECT … FOR UPDATE on PostgreSQL;
 * SQLite's IMMEDIATE transaction serialises writers). Thread-safe.
 */
final class JdbcQuotaLedger implements QuotaLedger {
  private final Jdbc jdbc;
  private final boolean rowLocks;
  private final Optional<SharedPacing> pacing;
  private final JdbcFetchSlots slots;

  /**
   * @param shared the database is shared by many processes and has the request slots of migration
   *     V096 and the fetch slots of V097 (PostgreSQL)
   */
  JdbcQuotaLedger(Jdbc jdbc, boolean rowLocks, boolean shared) {
    this.jdbc = jdbc;
    this.rowLocks = rowLocks;
    this.pacing = shared ? Optional.of(new JdbcSharedPacing(jdbc)) : Optional.empty();
    this.slots = shared ? new JdbcFetchSlots(jdbc) : null;
  }

  @Override
  public Optional<SharedPacing> sharedPacing() {
    return pacing;
  }

  @Override
  public Optional<FetchSlots> fetchSlots() {
    return Optional.ofNullable(slots);
  }

  /** Stops renewing the fetch slots this process holds and frees them (the store is closing). */
  void close() {
    if (slots != null) {
      slots.close();
    }
  }

  @Override
  public Grant take(SourceId source, String keyId, List<Window> windows, Instant now) {
    if (windows.isEmpty()) {
      return new Grant.Granted();
    }
    return jdbc.inTransaction(
        "taking a " + source.cliName() + " quota token",
        c -> {
          long nowSec = now.getEpochSecond();
          long[] used = new long[windows.size()];
          for (int i = 0; i < windows.size(); i++) {
            Window w = windows.get(i);
            long period = w.period().getSeconds();
            long start = nowSec - Math.floorMod(nowSec, period);
            used[i] = current(c, source, keyId, period, start);
            if (used[i] >= w.limit()) {
              return new Grant.Denied(Instant.ofEpochSecond(start + period), w);
            }
          }
          for (int i = 0; i < windows.size(); i++) {
            long period = windows.get(i).period().getSeconds();
            long start = nowSec - Math.floorMod(nowSec, period);
            JdbcOperationRepository.update(
                c,
                "UPDATE quota_windows SET window_start = ?, used = ? WHERE source = ? AND key_id = ? AND period_seconds = ?",
                start,
                used[i] + 1,
                source.cliName(),
                keyId,
                period);
          }
          List<Long> left = new java.util.ArrayList<>(windows.size());
          for (int i = 0; i < windows.size(); i++) {
            left.add(Math.max(0, windows.get(i).limit() - used[i] - 1));
          }
          return new Grant.Granted(left);
        });
  }

  /** The count of the window starting at {@code start}, creating the row first if needed. */
  private long current(Connection c, SourceId source, String keyId, long period, long start)
      throws SQLException {
    // Insert-if-absent first: a concurrent first take waits on the key, then both lock the row.
    JdbcOperationRepository.update(
        c,
        "INSERT INTO quota_windows (source, key_id, period_seconds, window_start, used) VALUES (?, ?, ?, ?, 0)"
            + " ON CONFLICT (source, key_id, period_seconds) DO NOTHING",
        source.cliName(),
        keyId,
        period,
        start);
    String sql =
        "SELECT window_start, used FROM quota_windows WHERE source = ? AND key_id = ? AND period_seconds = ?"
            + (rowLocks ? " FOR UPDATE" : "");
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, source.cliName());
      ps.setString(2, keyId);
      ps.setLong(3, period);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1) == start ? rs.getLong(2) : 0;
      }
    }
  }

  @Override
  public long used(SourceId source, String keyId, java.time.Duration period, Instant now) {
    long p = period.getSeconds();
    long start = now.getEpochSecond() - Math.floorMod(now.getEpochSecond(), p);
    return jdbc.withConnection(
        "reading the " + source.cliName() + " quota",
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT window_start, used FROM quota_windows WHERE source = ? AND key_id = ? AND period_seconds = ?")) {
            ps.setString(1, source.cliName());
            ps.setString(2, keyId);
            ps.setLong(3, p);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() && rs.getLong(1) == start ? rs.getLong(2) : 0L;
            }
          }
        });
  }

  @Override
  public void openBreaker(SourceId source, String keyId, Instant until, String reason) {
    jdbc.inTransaction(
        "opening the " + source.cliName() + " circuit breaker",
        c -> {
          int n =
              JdbcOperationRepository.update(
                  c,
                  "UPDATE source_breakers SET open_until = ?, reason = ? WHERE source = ? AND key_id = ?",
                  until.toEpochMilli(),
                  reason,
                  source.cliName(),
                  keyId);
          if (n == 0) {
            JdbcOperationRepository.update(
                c,
                "INSERT INTO source_breakers (source, key_id, open_until, reason) VALUES (?, ?, ?, ?)",
                source.cliName(),
                keyId,
                until.toEpochMilli(),
                reason);
          }
          return null;
        });
  }

  @Override
  public void closeBreaker(SourceId source, String keyId) {
    jdbc.inTransaction(
        "closing the " + source.cliName() + " circuit breaker",
        c ->
            JdbcOperationRepository.update(
                c,
                "DELETE FROM source_breakers WHERE source = ? AND key_id = ?",
                source.cliName(),
                keyId));
  }

  @Override
  public Optional<Breaker> breaker(SourceId source, String keyId) {
    return jdbc.withConnection(
        "reading the " + source.cliName() + " circuit breaker",
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT open_until, reason FROM source_breakers WHERE source = ? AND key_id = ?")) {
            ps.setString(1, source.cliName());
            ps.setString(2, keyId);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next()
                  ? Optional.of(new Breaker(Instant.ofEpochMilli(rs.getLong(1)), rs.getString(2)))
                  : Optional.<Breaker>empty();
            }
          }
        });
  }
}
