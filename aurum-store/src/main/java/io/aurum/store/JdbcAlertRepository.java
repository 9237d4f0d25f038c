package io.aurum.store;

import io.aurum.core.alert.Alert;
import io.aurum.core.alert.AlertMetric;
import io.aurum.core.alert.AlertRule;
import io.aurum.core.alert.AlertState;
import io.aurum.core.alert.Channel;
import io.aurum.core.alert.EscalationPolicy;
import io.aurum.core.alert.Figures;
import io.aurum.core.alert.Notice;
import io.aurum.core.port.AlertRepository;
import io.aurum.store.jdbc.Jdbc;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@link AlertRepository} on SQLite and PostgreSQL: tables {@code alert_rules}, {@code
 * alert_state}, {@code alert_notices} and the one-row {@code alert_lease}, taken by a conditional
 * update so two processes never both hold it. Figures are read by {@link AlertFigures}.
 * Thread-safe.
 */
final class JdbcAlertRepository implements AlertRepository {
  private static final String RULE_COLUMNS =
      "id, metric, threshold, scope_source, scope_type, window_seconds, pending_seconds, channels,"
          + " policy, escalate_seconds, actor, created_at";

  private final Jdbc jdbc;
  private final boolean postgres;
  private final JdbcAuditLog audit;
  private final Clock clock;

  JdbcAlertRepository(Jdbc jdbc, boolean postgres, JdbcAuditLog audit, Clock clock) {
    this.jdbc = jdbc;
    this.postgres = postgres;
    this.audit = audit;
    this.clock = clock;
  }

  @Override
  public List<AlertRule> configure(List<AlertRule> rules, String actor) {
    return jdbc.inTransaction(
        "configuring alerts",
        c -> {
          lock(c, "alert_rules");
          List<AlertRule> existing = rules(c);
          long id = next(c, "SELECT COALESCE(MAX(id), 0) + 1 FROM alert_rules");
          Instant now = clock.instant();
          List<AlertRule> stored = new ArrayList<>();
          for (AlertRule r : rules) {
            for (AlertRule old : existing) {
              if (old.sameTarget(r)) {
                JdbcOperationRepository.update(c, "DELETE FROM alert_rules WHERE id = ?", old.id());
                JdbcOperationRepository.update(
                    c, "DELETE FROM alert_state WHERE rule_id = ?", old.id());
              }
            }
            AlertRule s = r.withId(id++, now);
            JdbcOperationRepository.update(
                c,
                "INSERT INTO alert_rules (" + RULE_COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                s.id(),
                s.metric().id(),
                s.threshold(),
                s.scopeSource(),
                s.scopeType(),
                s.window().toSeconds(),
                s.pendingFor().toSeconds(),
                s.channels().stream().map(Channel::id).collect(Collectors.joining(",")),
                s.policy().id(),
                s.escalateAfter().toSeconds(),
                actor,
                now.toEpochMilli());
            stored.add(s);
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("rule", s.id());
            detail.put("metric", s.metric().id());
            detail.put("threshold", s.threshold());
            detail.put("scope", s.scope());
            detail.put("channels", detail(s.channels()));
            detail.put("policy", s.policy().id());
            audit.appendIn(c, actor, null, "alerts.configured", SpecJson.object(detail));
          }
          return stored;
        });
  }

  private static String detail(List<Channel> channels) {
    return channels.stream().map(Channel::id).collect(Collectors.joining(","));
  }

  @Override
  public List<AlertRule> rules() {
    return jdbc.withConnection("reading alert rules", JdbcAlertRepository::rules);
  }

  private static List<AlertRule> rules(Connection c) throws SQLException {
    List<AlertRule> out = new ArrayList<>();
    try (PreparedStatement ps =
            c.prepareStatement("SELECT " + RULE_COLUMNS + " FROM alert_rules ORDER BY id");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(
            new AlertRule(
                rs.getLong(1),
                AlertMetric.of(rs.getString(2)).orElseThrow(),
                rs.getDouble(3),
                rs.getString(4),
                rs.getString(5),
                Duration.ofSeconds(rs.getLong(6)),
                Duration.ofSeconds(rs.getLong(7)),
                channels(rs.getString(8)).stream().toList(),
                EscalationPolicy.of(rs.getString(9)).orElseThrow(),
                Duration.ofSeconds(rs.getLong(10)),
                rs.getString(11),
                Instant.ofEpochMilli(rs.getLong(12))));
      }
    }
    return out;
  }

  private static Set<Channel> channels(String text) {
    Set<Channel> out = EnumSet.noneOf(Channel.class);
    if (text != null && !text.isEmpty()) {
      Arrays.stream(text.split(",")).forEach(s -> out.add(Channel.of(s).orElseThrow()));
    }
    return out;
  }

  @Override
  public Map<Long, Alert> alerts() {
    return jdbc.withConnection(
        "reading alert state",
        c -> {
          Map<Long, Alert> out = new LinkedHashMap<>();
          try (PreparedStatement ps =
                  c.prepareStatement(
                      "SELECT rule_id, episode, state, value, threshold, pending_since, firing_at,"
                          + " resolved_at, notified, summary FROM alert_state ORDER BY rule_id");
              ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              out.put(
                  rs.getLong(1),
                  new Alert(
                      rs.getLong(1),
                      rs.getLong(2),
                      AlertState.valueOf(rs.getString(3)),
                      rs.getDouble(4),
                      rs.getDouble(5),
                      Instant.ofEpochMilli(rs.getLong(6)),
                      instant(rs, 7),
                      instant(rs, 8),
                      channels(rs.getString(9)),
                      rs.getString(10)));
            }
          }
          return out;
        });
  }

  private static Instant instant(ResultSet rs, int col) throws SQLException {
    long v = rs.getLong(col);
    return rs.wasNull() ? null : Instant.ofEpochMilli(v);
  }

  @Override
  public void save(Alert a) {
    jdbc.inTransaction(
        "saving the state of alert " + a.dedupKey(),
        c -> {
          JdbcOperationRepository.update(
              c, "DELETE FROM alert_state WHERE rule_id = ?", a.ruleId());
          return JdbcOperationRepository.update(
              c,
              "INSERT INTO alert_state (rule_id, episode, state, value, threshold, pending_since,"
                  + " firing_at, resolved_at, notified, summary) VALUES (?,?,?,?,?,?,?,?,?,?)",
              a.ruleId(),
              a.episode(),
              a.state().name(),
              a.value(),
              a.threshold(),
              a.pendingSince().toEpochMilli(),
              a.firingAt() == null ? null : a.firingAt().toEpochMilli(),
              a.resolvedAt() == null ? null : a.resolvedAt().toEpochMilli(),
              a.notified().stream().sorted().map(Channel::id).collect(Collectors.joining(",")),
              a.summary());
        });
  }

  @Override
  public void recordNotice(Notice n, boolean sent, String detail) {
    jdbc.inTransaction(
        "recording an alert notice",
        c -> {
          lock(c, "alert_notices");
          long id = next(c, "SELECT COALESCE(MAX(id), 0) + 1 FROM alert_notices");
          return JdbcOperationRepository.update(
              c,
              "INSERT INTO alert_notices (id, at, rule_id, dedup_key, channel, action, sent,"
                  + " summary, detail) VALUES (?,?,?,?,?,?,?,?,?)",
              id,
              n.at().toEpochMilli(),
              n.ruleId(),
              n.dedupKey(),
              n.channel().id(),
              n.action().id(),
              sent,
              n.summary(),
              detail);
        });
  }

  @Override
  public List<NoticeRow> history(int limit) {
    return jdbc.withConnection(
        "reading alert history",
        c -> {
          List<NoticeRow> out = new ArrayList<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT id, at, rule_id, dedup_key, channel, action, sent, summary, detail"
                      + " FROM alert_notices ORDER BY id DESC LIMIT ?")) {
            ps.setInt(1, limit);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(
                    new NoticeRow(
                        rs.getLong(1),
                        Instant.ofEpochMilli(rs.getLong(2)),
                        rs.getLong(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getBoolean(7),
                        rs.getString(8),
                        rs.getString(9)));
              }
            }
          }
          return out;
        });
  }

  @Override
  public boolean holdLease(String owner, Instant now, Duration ttl) {
    return jdbc.inTransaction(
        "taking the alert evaluation lease",
        c ->
            JdbcOperationRepository.update(
                    c,
                    "UPDATE alert_lease SET owner = ?, lease_until = ? WHERE id = 1"
                        + " AND (owner IS NULL OR owner = ? OR lease_until <= ?)",
                    owner,
                    now.plus(ttl).toEpochMilli(),
                    owner,
                    now.toEpochMilli())
                == 1);
  }

  @Override
  public void releaseLease(String owner) {
    jdbc.inTransaction(
        "giving the alert evaluation lease up",
        c ->
            JdbcOperationRepository.update(
                c,
                "UPDATE alert_lease SET owner = NULL, lease_until = 0 WHERE id = 1 AND owner = ?",
                owner));
  }

  @Override
  public Figures figures(String scopeSource, String scopeType, Duration window, Instant now) {
    return jdbc.withConnection(
        "reading alert figures", c -> AlertFigures.read(c, scopeSource, scopeType, window, now));
  }

  private void lock(Connection c, String table) throws SQLException {
    if (postgres) {
      try (var st = c.createStatement()) {
        st.execute("LOCK TABLE " + table + " IN SHARE ROW EXCLUSIVE MODE");
      }
    }
  }

  private static long next(Connection c, String sql) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
