package io.aurum.store.dialect;

import io.aurum.core.model.Observation;
import io.aurum.core.model.PartitionKey;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * PostgreSQL: many writers. Claiming skips rows other claimers hold, observation rows go in with
 * {@code COPY}, and advisory transaction locks serialize the audit chain and per-partition
 * numbering.
 */
public final class PostgresDialect implements Dialect {
  private static final int AUDIT_LOCK_SPACE = 0x41554454; // "AUDT"
  private static final int PARTITION_LOCK_SPACE = 0x50415254; // "PART"
  private static final int COPY_CHUNK = 1 << 18;

  @Override
  public String name() {
    return "postgresql";
  }

  @Override
  public boolean supportsSkipLocked() {
    return true;
  }

  @Override
  public boolean supportsCopy() {
    return true;
  }

  @Override
  public boolean streamingNeedsTransaction() {
    return true;
  }

  @Override
  public void insertObservations(Connection c, List<VersionRows> batches) throws SQLException {
    if (batches.stream().allMatch(b -> b.rows().isEmpty())) {
      return;
    }
    CopyIn copy =
        c.unwrap(PGConnection.class)
            .getCopyAPI()
            .copyIn(
                "COPY observations (version_id, series_id, period, value, unit, attributes)"
                    + " FROM STDIN");
    try {
      StringBuilder sb = new StringBuilder(COPY_CHUNK + 4096);
      for (VersionRows batch : batches) {
        String prefix = batch.versionId() + "\t";
        for (Observation o : batch.rows()) {
          sb.append(prefix);
          escape(sb, o.seriesId());
          sb.append('\t').append(o.period().getEpochSecond()).append('\t').append(o.value());
          sb.append('\t');
          escape(sb, o.unit());
          sb.append('\t');
          escape(sb, o.attributes());
          sb.append('\n');
          if (sb.length() >= COPY_CHUNK) {
            write(copy, sb);
          }
        }
      }
      write(copy, sb);
      copy.endCopy();
    } finally {
      if (copy.isActive()) {
        copy.cancelCopy();
      }
    }
  }

  private static void write(CopyIn copy, StringBuilder sb) throws SQLException {
    byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
    copy.writeToCopy(bytes, 0, bytes.length);
    sb.setLength(0);
  }

  /** COPY text format: backslash escapes, {@code \N} for null. */
  private static void escape(StringBuilder sb, String s) {
    if (s == null) {
      sb.append("\\N");
      return;
    }
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      switch (ch) {
        case '\\' -> sb.append("\\\\");
        case '\t' -> sb.append("\\t");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        default -> sb.append(ch);
      }
    }
  }

  @Override
  public void lockAuditChain(Connection c) throws SQLException {
    advisoryLock(c, AUDIT_LOCK_SPACE, 0);
  }

  @Override
  public void lockPartitions(Connection c, Collection<PartitionKey> keys) throws SQLException {
    // Sorted hash order: two group commits over the same partitions lock in the same order.
    List<Integer> hashes =
        keys.stream()
            .map(PostgresDialect::lockKey)
            .distinct()
            .sorted(Comparator.naturalOrder())
            .toList();
    if (hashes.isEmpty()) {
      return;
    }
    // One round trip for the whole group: unnest yields the sorted keys in order.
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT count(pg_advisory_xact_lock(?, k)) FROM unnest(?::int4[]) AS t(k)")) {
      ps.setInt(1, PARTITION_LOCK_SPACE);
      ps.setArray(2, c.createArrayOf("int4", hashes.toArray()));
      ps.executeQuery().close();
    }
  }

  @Override
  public void lockManyPartitions(Connection c, Collection<PartitionKey> keys) throws SQLException {
    Integer[] hashes =
        keys.stream()
            .map(PostgresDialect::lockKey)
            .distinct()
            .sorted(Comparator.naturalOrder())
            .toArray(Integer[]::new);
    if (hashes.length == 0) {
      return;
    }
    // One round trip, in the same ascending order as lockPartitions, so no deadlock with it.
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT count(pg_advisory_xact_lock(?, k)) FROM"
                + " (SELECT k FROM unnest(?::int[]) AS k ORDER BY k) s")) {
      ps.setInt(1, PARTITION_LOCK_SPACE);
      ps.setArray(2, c.createArrayOf("integer", hashes));
      ps.executeQuery().close();
    }
  }

  private static int lockKey(PartitionKey k) {
    return (k.source().name() + '/' + k.dataset() + '/' + k.period()).hashCode();
  }

  private static void advisoryLock(Connection c, int space, int key) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(?, ?)")) {
      ps.setInt(1, space);
      ps.setInt(2, key);
      ps.executeQuery().close();
    }
  }
}
