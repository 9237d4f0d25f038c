package io.aurum.store;

import io.aurum.core.config.SourceQuota;
import io.aurum.core.port.SharedPacing;
import io.aurum.store.jdbc.Jdbc;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;

/**
 * Shared request slots on PostgreSQL: one statement a reservation, calling the functions of
 * migration V096 ({@code aurum_pace_reserve}, {@code aurum_pace_answered}, {@code
 * aurum_pace_throttled}), which lock the lane's row and read the database's clock. Thread-safe.
 */
final class JdbcSharedPacing implements SharedPacing {
  private static final Duration MAX_HORIZON = Duration.ofSeconds(1);
  private final Jdbc jdbc;

  JdbcSharedPacing(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public Slot reserve(
      String lane, Duration interval, List<SourceQuota.Limit> windows, Duration maxUnanswered) {
    return jdbc.withConnection(
        "reserving a request slot of " + lane,
        c -> {
          Long[] limits = new Long[windows.size()];
          Long[] periods = new Long[windows.size()];
          for (int i = 0; i < windows.size(); i++) {
            limits[i] = windows.get(i).requests();
            periods[i] = micros(windows.get(i).period());
          }
          Array l = c.createArrayOf("bigint", limits);
          Array p = c.createArrayOf("bigint", periods);
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT request_id, wait_us FROM aurum_pace_reserve(?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, lane);
            ps.setLong(2, micros(interval));
            ps.setArray(3, l);
            ps.setArray(4, p);
            ps.setLong(5, micros(horizon(windows)));
            ps.setLong(6, micros(maxUnanswered));
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              // request_id NULL (read as 0): beyond the horizon, nothing reserved.
              return new Slot(rs.getLong(1), Duration.ofNanos(Math.max(0, rs.getLong(2)) * 1000));
            }
          } finally {
            l.free();
            p.free();
          }
        });
  }

  @Override
  public void answered(long requestId, Duration afterSlot) {
    jdbc.withConnection(
        "noting the answer of a paced request",
        c -> {
          try (PreparedStatement ps = c.prepareStatement("SELECT aurum_pace_answered(?, ?)")) {
            ps.setLong(1, requestId);
            ps.setLong(2, micros(afterSlot));
            ps.execute();
            return null;
          }
        });
  }

  @Override
  public Hold throttled(String lane, Duration hold) {
    return jdbc.withConnection(
        "holding the requests of " + lane,
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("SELECT fresh, remaining_us FROM aurum_pace_throttled(?, ?)")) {
            ps.setString(1, lane);
            ps.setLong(2, micros(hold));
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              return new Hold(
                  rs.getBoolean(1), Duration.ofNanos(Math.max(0, rs.getLong(2)) * 1000));
            }
          }
        });
  }

  /** How far ahead a slot may be reserved: half the shortest window, at most a second. */
  static Duration horizon(List<SourceQuota.Limit> windows) {
    Duration h = MAX_HORIZON;
    for (SourceQuota.Limit w : windows) {
      Duration half = w.period().dividedBy(2);
      h = half.compareTo(h) < 0 ? half : h;
    }
    return h;
  }

  private static long micros(Duration d) {
    return d.toNanos() / 1000;
  }
}
