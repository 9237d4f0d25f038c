package io.aurum.store.dialect;

import io.aurum.core.model.Observation;
import io.aurum.core.model.PartitionKey;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

  /** Takes the audit chain's lock until the transaction ends. */
  public static final String LOCK_AUDIT_CHAIN_SQL =
      "SELECT pg_advisory_xact_lock(" + AUDIT_LOCK_SPACE + ", 0)";

  /**
   * Takes the partition locks of parameter 1, an {@code int4[]} of {@link #partitionLockKeys},
   * until the transaction ends: one round trip for any number, and unnest yields the keys in order.
   */
  public static final String LOCK_PARTITIONS_SQL =
      "SELECT count(pg_advisory_xact_lock("
          + PARTITION_LOCK_SPACE
          + ", k))"
          + " FROM unnest(?::int4[]) AS t(k)";

  private static final int CREATE_LOCK_SPACE = 0x43524541; // "CREA"

  /** Takes the creation lock of (type, source), parameters 1 and 2, until the transaction ends. */
  public static final String LOCK_CREATION_SQL =
      "SELECT pg_advisory_xact_lock(" + CREATE_LOCK_SPACE + ", hashtext(? || '/' || ?))";

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
  public boolean pipelinesStatements() {
    return true;
  }

  /**
   * Rows go in with one binary {@code COPY}: no value is formatted as text by us nor parsed back by
   * the server (text COPY spent most of both sides' time on {@code double} to text and back).
   */
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
                    + " FROM STDIN (FORMAT binary)");
    try {
      BinaryCopy out = new BinaryCopy(copy);
      for (VersionRows batch : batches) {
        for (Observation o : batch.rows()) {
          out.row(batch.versionId(), o);
        }
      }
      out.finish();
      copy.endCopy();
    } finally {
      if (copy.isActive()) {
        copy.cancelCopy();
      }
    }
  }

  /**
   * PostgreSQL's binary COPY format: a signature and header, then per row the field count and each
   * field as a length and its bytes (-1 for NULL), big-endian, then -1. Text goes as UTF-8 (the
   * driver's client encoding); the few distinct series and units are encoded once.
   */
  private static final class BinaryCopy {
    private static final byte[] SIGNATURE = {
      'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0
    };
    private static final short FIELDS = 6;

    private final CopyIn copy;
    private final ByteBuffer buf = ByteBuffer.allocate(COPY_CHUNK);
    private final Map<String, byte[]> encoded = new HashMap<>();

    BinaryCopy(CopyIn copy) {
      this.copy = copy;
      buf.put(SIGNATURE).putInt(0).putInt(0);
    }

    void row(long versionId, Observation o) throws SQLException {
      byte[] series = utf8(o.seriesId());
      byte[] unit = o.unit() == null ? null : utf8(o.unit());
      byte[] attributes =
          o.attributes() == null ? null : o.attributes().getBytes(StandardCharsets.UTF_8);
      int size = 2 + 12 + 4 + series.length + 12 + 12 + 4 + len(unit) + 4 + len(attributes);
      if (buf.remaining() < size) {
        flush();
        if (buf.remaining() < size) {
          // One row larger than the buffer (huge attributes): send it on its own.
          ByteBuffer big = ByteBuffer.allocate(size);
          put(big, versionId, series, o, unit, attributes);
          copy.writeToCopy(big.array(), 0, big.position());
          return;
        }
      }
      put(buf, versionId, series, o, unit, attributes);
    }

    private static void put(
        ByteBuffer b, long versionId, byte[] series, Observation o, byte[] unit, byte[] attrs) {
      b.putShort(FIELDS);
      b.putInt(8).putLong(versionId);
      b.putInt(series.length).put(series);
      b.putInt(8).putLong(o.period().getEpochSecond());
      b.putInt(8).putDouble(o.value());
      text(b, unit);
      text(b, attrs);
    }

    private static void text(ByteBuffer b, byte[] v) {
      if (v == null) {
        b.putInt(-1);
      } else {
        b.putInt(v.length).put(v);
      }
    }

    private static int len(byte[] v) {
      return v == null ? 0 : v.length;
    }

    private byte[] utf8(String s) {
      byte[] b = encoded.get(s);
      if (b == null) {
        b = s.getBytes(StandardCharsets.UTF_8);
        if (encoded.size() < 10_000) {
          encoded.put(s, b);
        }
      }
      return b;
    }

    void finish() throws SQLException {
      if (buf.remaining() < 2) {
        flush();
      }
      buf.putShort((short) -1);
      flush();
    }

    private void flush() throws SQLException {
      copy.writeToCopy(buf.array(), 0, buf.position());
      buf.clear();
    }
  }

  @Override
  public void holdEmergencies(Connection c) throws SQLException {
    // SHARE conflicts with the SHARE ROW EXCLUSIVE lock a declaration or release takes, not with
    // other claims.
    try (var st = c.createStatement()) {
      st.execute("LOCK TABLE emergencies IN SHARE MODE");
    }
  }

  @Override
  public void lockAuditChain(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(LOCK_AUDIT_CHAIN_SQL)) {
      ps.executeQuery().close();
    }
  }

  @Override
  public void lockOperationCreation(Connection c, String type, String source) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(LOCK_CREATION_SQL)) {
      ps.setString(1, type);
      ps.setString(2, source);
      ps.executeQuery().close();
    }
  }

  @Override
  public void lockPartitions(Connection c, Collection<PartitionKey> keys) throws SQLException {
    int[] hashes = partitionLockKeys(keys);
    if (hashes.length == 0) {
      return;
    }
    try (PreparedStatement ps = c.prepareStatement(LOCK_PARTITIONS_SQL)) {
      ps.setObject(1, hashes);
      ps.executeQuery().close();
    }
  }

  /**
   * The advisory lock keys of these partitions, distinct and ascending: taken in this order, two
   * group commits over the same partitions cannot deadlock.
   */
  public static int[] partitionLockKeys(Collection<PartitionKey> keys) {
    return keys.stream().mapToInt(PostgresDialect::lockKey).distinct().sorted().toArray();
  }

  private static int lockKey(PartitionKey k) {
    return (k.source().name() + '/' + k.dataset() + '/' + k.period()).hashCode();
  }
}
