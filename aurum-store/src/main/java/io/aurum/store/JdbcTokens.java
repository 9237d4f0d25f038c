package io.aurum.store;

import io.aurum.core.error.AurumException;
import io.aurum.core.model.Role;
import io.aurum.core.port.TokenRepository;
import io.aurum.store.jdbc.Jdbc;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link TokenRepository} on SQLite and PostgreSQL: table {@code api_tokens}, keyed by the token's
 * SHA-256. Creation and revocation are each one transaction with their audit entry. Thread-safe.
 */
final class JdbcTokens implements TokenRepository {
  private static final String COLUMNS =
      "name, role, created_by, created_at, revoked_at, last_used_at";

  private static final long USE_RECORDED_EVERY_MS = 60_000;

  private final Jdbc jdbc;
  private final JdbcAuditLog audit;
  private final Clock clock;

  JdbcTokens(Jdbc jdbc, JdbcAuditLog audit, Clock clock) {
    this.jdbc = jdbc;
    this.audit = audit;
    this.clock = clock;
  }

  @Override
  public void create(String name, Role role, String sha256Hex, String actor) {
    jdbc.inTransaction(
        "creating token " + name,
        c -> {
          if (!active(c, name).isEmpty()) {
            throw new AurumException.BadInput(
                "a token named " + name + " exists: revoke it first or pick another name");
          }
          JdbcOperationRepository.update(
              c,
              "INSERT INTO api_tokens (name, role, sha256, created_by, created_at)"
                  + " VALUES (?, ?, ?, ?, ?)",
              name,
              role.name(),
              sha256Hex,
              actor,
              clock.millis());
          audit.appendIn(c, actor, null, "token.created", detail(name, role));
          return null;
        });
  }

  @Override
  public List<StoredToken> list(boolean all) {
    return jdbc.withConnection(
        "listing tokens",
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT "
                      + COLUMNS
                      + " FROM api_tokens"
                      + (all ? "" : " WHERE revoked_at IS NULL")
                      + " ORDER BY CASE WHEN revoked_at IS NULL THEN 0 ELSE 1 END, name,"
                      + " created_at")) {
            return read(ps);
          }
        });
  }

  @Override
  public boolean revoke(String name, String actor) {
    return jdbc.inTransaction(
        "revoking token " + name,
        c -> {
          List<StoredToken> found = active(c, name);
          if (found.isEmpty()) {
            return false;
          }
          JdbcOperationRepository.update(
              c,
              "UPDATE api_tokens SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL",
              clock.millis(),
              name);
          audit.appendIn(c, actor, null, "token.revoked", detail(name, found.get(0).role()));
          return true;
        });
  }

  /**
   * Reads without a transaction; records the use at most once a minute, so checking a token on
   * every request does not make every request a write.
   */
  @Override
  public Optional<StoredToken> authenticate(String sha256Hex) {
    List<StoredToken> found =
        jdbc.withConnection(
            "checking a token",
            c -> {
              try (PreparedStatement ps =
                  c.prepareStatement(
                      "SELECT "
                          + COLUMNS
                          + " FROM api_tokens WHERE sha256 = ? AND revoked_at IS NULL")) {
                ps.setString(1, sha256Hex);
                return read(ps);
              }
            });
    if (found.isEmpty()) {
      return Optional.empty();
    }
    StoredToken t = found.get(0);
    long now = clock.millis();
    if (t.lastUsedAt() == null || now - t.lastUsedAt().toEpochMilli() >= USE_RECORDED_EVERY_MS) {
      jdbc.inTransaction(
          "recording a token's use",
          c ->
              JdbcOperationRepository.update(
                  c, "UPDATE api_tokens SET last_used_at = ? WHERE sha256 = ?", now, sha256Hex));
    }
    return Optional.of(t);
  }

  private static List<StoredToken> active(java.sql.Connection c, String name) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT " + COLUMNS + " FROM api_tokens WHERE name = ? AND revoked_at IS NULL")) {
      ps.setString(1, name);
      return read(ps);
    }
  }

  private static List<StoredToken> read(PreparedStatement ps) throws SQLException {
    List<StoredToken> out = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(
            new StoredToken(
                rs.getString(1),
                Role.valueOf(rs.getString(2)),
                rs.getString(3),
                Instant.ofEpochMilli(rs.getLong(4)),
                instant(rs, 5),
                instant(rs, 6)));
      }
    }
    return out;
  }

  private static Instant instant(ResultSet rs, int column) throws SQLException {
    long millis = rs.getLong(column);
    return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
  }

  private static String detail(String name, Role role) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("name", name);
    d.put("role", role.cliName());
    return SpecJson.object(d);
  }
}
