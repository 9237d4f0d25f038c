package io.aurum.store;

import io.aurum.core.error.AurumException;
import io.aurum.core.model.Sha256Text;
import io.aurum.core.port.AuditLog;
import io.aurum.store.dialect.Dialect;
import io.aurum.store.jdbc.Binds;
import io.aurum.store.jdbc.Jdbc;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The hash-chained audit log. Appends take the dialect's chain lock, so the chain stays linear
 * under concurrent writers; other repositories append inside their own transactions with {@link
 * #appendIn}. The chain's length and head hash are also kept outside it, in the one row of {@code
 * audit_anchor}: every append continues from the anchor and moves it in the same transaction, so
 * deleting the newest entries shows as a chain shorter than its anchor (and, after later appends,
 * as a gap). Thread-safe.
 */
final class JdbcAuditLog implements AuditLog {
  static final String GENESIS = "0".repeat(64);

  private static final ThreadLocal<Sha256Text> TEXT = ThreadLocal.withInitial(Sha256Text::new);

  /**
   * The anchor row is gone: only someone editing the database removes it. Appends are refused (exit
   * 4): a fresh anchor would hide whatever was deleted with it.
   */
  static AurumException.IllegalStateChange anchorMissing() {
    return new AurumException.IllegalStateChange(
        "the audit anchor row is missing: the audit trail was tampered with;"
            + " run aurum audit verify and restore the database from a backup");
  }

  private static final String APPEND =
      "INSERT INTO audit_log (seq, at, actor, operation_id, action, detail, prev_hash, hash)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)";

  private final Jdbc jdbc;
  private final Dialect dialect;
  private final Clock clock;

  JdbcAuditLog(Jdbc jdbc, Dialect dialect, Clock clock) {
    this.jdbc = jdbc;
    this.dialect = dialect;
    this.clock = clock;
  }

  @Override
  public void append(String actor, String operationId, String action, String detail) {
    jdbc.inTransaction(
        "appending to the audit log",
        c -> {
          appendIn(c, actor, operationId, action, detail);
          return null;
        });
  }

  /** An entry still to be appended. */
  record Draft(String actor, String operationId, String action, String detail) {}

  /** Appends an entry in the caller's transaction. */
  void appendIn(Connection c, String actor, String operationId, String action, String detail)
      throws SQLException {
    appendAllIn(c, List.of(new Draft(actor, operationId, action, detail)));
  }

  /**
   * Appends entries in order in the caller's transaction: the chain lock is taken and the last hash
   * read once, then all rows go in as one batch. The chain stays linear: nobody else can append
   * until the transaction ends.
   */
  void appendAllIn(Connection c, List<Draft> drafts) throws SQLException {
    if (drafts.isEmpty()) {
      return;
    }
    dialect.lockAuditChain(c);
    try (Statements st = new Statements(c, dialect)) {
      PublishRecords.Chain chain;
      try (ResultSet rs = st.get(PublishRecords.READ_ANCHOR).executeQuery()) {
        chain = PublishRecords.Chain.fromAnchor(rs);
      }
      Instant at = Instant.ofEpochMilli(clock.millis());
      // Formatted once for the whole group: the same text the hash of each entry covers.
      String atText = at.toString();
      PreparedStatement ps = st.get(APPEND);
      for (Draft d : drafts) {
        String who = d.actor() == null ? "unknown" : d.actor();
        PublishRecords.Link link = chain.next(atText, who, d.operationId(), d.action(), d.detail());
        ps.setLong(1, link.seq());
        Binds.setInstant(ps, 2, at);
        ps.setString(3, who);
        ps.setString(4, d.operationId());
        ps.setString(5, d.action());
        ps.setString(6, d.detail());
        ps.setString(7, link.prevHash());
        ps.setString(8, link.hash());
        ps.addBatch();
      }
      ps.executeBatch();
      PreparedStatement anchor = st.get(PublishRecords.MOVE_ANCHOR);
      chain.bindAnchor(anchor, 1);
      PublishRecords.anchorMoved(anchor.executeUpdate());
    }
  }

  @Override
  public List<Entry> entries(String operationId) {
    return jdbc.withConnection("reading the audit log", c -> entries(c, operationId));
  }

  private static List<Entry> entries(Connection c, String operationId) throws SQLException {
    String sql =
        "SELECT seq, at, actor, operation_id, action, detail, prev_hash, hash FROM audit_log"
            + (operationId == null ? "" : " WHERE operation_id = ?")
            + " ORDER BY seq";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      if (operationId != null) {
        ps.setString(1, operationId);
      }
      List<Entry> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new Entry(
                  rs.getLong("seq"),
                  Binds.instant(rs, "at"),
                  rs.getString("actor"),
                  rs.getString("operation_id"),
                  rs.getString("action"),
                  rs.getString("detail"),
                  rs.getString("prev_hash"),
                  rs.getString("hash")));
        }
      }
      return out;
    }
  }

  static final String ACKNOWLEDGED = "audit.break_acknowledged";

  @Override
  public long firstBrokenEntry() {
    List<Entry> all = entries(null);
    java.util.Set<String> acks = acknowledgements(all);
    String prev = GENESIS;
    for (Entry e : all) {
      String expected = hash(prev, e.at(), e.actor(), e.operationId(), e.action(), e.detail());
      if (!prev.equals(e.prevHash()) || !expected.equals(e.hash())) {
        if (!acks.contains(ackKey(e.seq(), expected))) {
          return e.seq();
        }
      }
      prev = e.hash();
    }
    return -1;
  }

  @Override
  public List<Long> acknowledgeBreaks(String actor, String operationId, String reason) {
    return jdbc.inTransaction(
        "acknowledging audit chain breaks",
        c -> {
          dialect.lockAuditChain(c);
          List<Entry> all = entries(c, null);
          java.util.Set<String> acks = acknowledgements(all);
          List<Draft> drafts = new ArrayList<>();
          List<Long> seqs = new ArrayList<>();
          String prev = GENESIS;
          for (Entry e : all) {
            String expected =
                hash(prev, e.at(), e.actor(), e.operationId(), e.action(), e.detail());
            if ((!prev.equals(e.prevHash()) || !expected.equals(e.hash()))
                && !acks.contains(ackKey(e.seq(), expected))) {
              java.util.Map<String, Object> d = new java.util.LinkedHashMap<>();
              d.put("seq", e.seq());
              d.put("stored_hash", e.hash());
              d.put("computed_hash", expected);
              d.put("reason", reason);
              drafts.add(new Draft(actor, operationId, ACKNOWLEDGED, SpecJson.object(d)));
              seqs.add(e.seq());
            }
            prev = e.hash();
          }
          appendAllIn(c, drafts);
          return seqs;
        });
  }

  /** "seq|computed hash" of every acknowledgement in the trail. */
  private static java.util.Set<String> acknowledgements(List<Entry> all) {
    java.util.Set<String> out = new java.util.HashSet<>();
    for (Entry e : all) {
      if (ACKNOWLEDGED.equals(e.action()) && e.detail() != null) {
        try {
          var n = new com.fasterxml.jackson.databind.ObjectMapper().readTree(e.detail());
          out.add(ackKey(n.path("seq").asLong(), n.path("computed_hash").asText()));
        } catch (com.fasterxml.jackson.core.JsonProcessingException x) {
          // Not an acknowledgement Aurum wrote: it acknowledges nothing.
        }
      }
    }
    return out;
  }

  private static String ackKey(long seq, String computed) {
    return seq + "|" + computed;
  }

  @Override
  public Verification verify() {
    // The anchor only moves forward, and an append writes its entries and the anchor in one
    // transaction. Read before the entries, it cannot be ahead of them unless entries were
    // deleted; read after, it cannot be behind them unless entries were added outside an append.
    Anchor before = anchor();
    List<Entry> all = entries(null);
    Anchor after = anchor();
    String prev = GENESIS;
    long expected = 1;
    java.util.Set<String> acks = acknowledgements(all);
    List<Long> acknowledged = new ArrayList<>();
    for (Entry e : all) {
      if (e.seq() != expected) {
        return broken(
            all,
            "audit "
                + range(expected, e.seq() - 1)
                + (e.seq() - 1 > expected ? " are" : " is")
                + " missing: the trail was cut before entry "
                + e.seq());
      }
      String hash = hash(prev, e.at(), e.actor(), e.operationId(), e.action(), e.detail());
      if ((!prev.equals(e.prevHash()) || !hash.equals(e.hash()))
          && acks.contains(ackKey(e.seq(), hash))) {
        acknowledged.add(e.seq());
      } else if (!prev.equals(e.prevHash()) || !hash.equals(e.hash())) {
        return broken(
            all,
            "audit entry "
                + e.seq()
                + " does not match its hash chain: the trail was edited at or after it");
      }
      prev = e.hash();
      expected++;
    }
    long last = expected - 1;
    if (before == null || after == null) {
      return broken(all, "the audit anchor row is missing: the audit trail was tampered with");
    }
    if (last < before.seq()) {
      return broken(
          all,
          "the audit trail was truncated: it ends at entry "
              + last
              + " but "
              + before.seq()
              + " entries were written ("
              + range(last + 1, before.seq())
              + " deleted)");
    }
    if (last > after.seq()) {
      return broken(
          all,
          "audit "
              + range(after.seq() + 1, last)
              + (last > after.seq() + 1 ? " are" : " is")
              + " not anchored: written outside Aurum after entry "
              + after.seq());
    }
    // An append that commits between the read of the entries and the second read of the anchor
    // (another thread or process writing while this one verifies) moves the anchor past the
    // entries read: that anchor's head is not among them, but the first anchor's is (it is at
    // most the last entry read, checked above). Compare with the newest anchor the entries reach.
    Anchor anchored = after.seq() <= last ? after : before;
    String anchoredHash =
        anchored.seq() == 0 ? GENESIS : all.get((int) (anchored.seq() - 1)).hash();
    if (!anchoredHash.equals(anchored.hash())) {
      return broken(
          all,
          "audit entry "
              + anchored.seq()
              + " does not match the anchored head hash: the trail was rewritten");
    }
    String head = all.isEmpty() ? GENESIS : all.get(all.size() - 1).hash();
    return new Verification(all.size(), head, null, acknowledged);
  }

  private static Verification broken(List<Entry> all, String problem) {
    return new Verification(all.size(), null, problem);
  }

  /** "entry 7" or "entries 7–9". */
  private static String range(long from, long to) {
    return from == to ? "entry " + from : "entries " + from + "–" + to;
  }

  /** The chain's length and head hash as recorded outside it. */
  private record Anchor(long seq, String hash) {}

  private Anchor anchor() {
    return jdbc.withConnection(
        "reading the audit anchor",
        c -> {
          try (PreparedStatement ps = c.prepareStatement(PublishRecords.READ_ANCHOR);
              ResultSet rs = ps.executeQuery()) {
            return rs.next() ? new Anchor(rs.getLong(1), rs.getString(2)) : null;
          }
        });
  }

  /** SHA-256 hex over prevHash|at|actor|operationId|action|detail (nulls as empty). */
  static String hash(
      String prev, Instant at, String actor, String operationId, String action, String detail) {
    return hash(prev, at.toString(), actor, operationId, action, detail);
  }

  /** {@link #hash} with the instant already in its {@link Instant#toString} form. */
  static String hash(
      String prev, String at, String actor, String operationId, String action, String detail) {
    // Written straight into the digest: an entry's text is a few hundred bytes, hashed for every
    // partition a group commit publishes. The same bytes as String.valueOf of each part joined.
    Sha256Text text = TEXT.get();
    text.start();
    text.append(String.valueOf(prev));
    text.append('|');
    text.append(String.valueOf(at));
    text.append('|');
    text.append(String.valueOf(actor));
    text.append('|');
    text.append(nullToEmpty(operationId));
    text.append('|');
    text.append(String.valueOf(action));
    text.append('|');
    text.append(nullToEmpty(detail));
    return text.finish();
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
