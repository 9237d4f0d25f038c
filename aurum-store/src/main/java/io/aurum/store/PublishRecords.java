package io.aurum.store;

import io.aurum.core.model.AttributeDigest;
import io.aurum.core.port.PublishRequest;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * What every write of a version and of the audit trail records beside the head, in one place so
 * that {@link GroupCommit}, {@link PipelinedGroupCommit} and {@link JdbcAuditLog} cannot drift
 * apart: a version's attributes digest, and the audit chain continued from its anchor with the
 * anchor moved to its new end. Stateless; thread-safe ({@link Chain} is one transaction's).
 */
final class PublishRecords {
  private PublishRecords() {}

  /** The chain's length and head hash, as the anchor row holds them. */
  static final String READ_ANCHOR = "SELECT seq, hash FROM audit_anchor WHERE id = 1";

  /** Parameters: the new length, the new head hash. */
  static final String MOVE_ANCHOR = "UPDATE audit_anchor SET seq = ?, hash = ? WHERE id = 1";

  /** The attributes digest of a new version made of the request's rows. */
  static String attributesDigest(PublishRequest r) {
    return AttributeDigest.of(r.rows() == null ? List.of() : r.rows());
  }

  /**
   * A staged version's digest once the request's last batch joins what staging recorded; written
   * only when there is something to add.
   */
  static void addStagedAttributes(
      PreparedStatement set, long versionId, String recorded, PublishRequest r)
      throws SQLException {
    VersionSql.addAttributes(set, versionId, recorded, r.rows());
  }

  /** One appended audit entry: its sequence number, the hash it follows and its own. */
  record Link(long seq, String prevHash, String hash) {}

  /**
   * The audit chain of one transaction, continued from the anchor (not from the last row: after a
   * truncation the next entry still follows the deleted head, so the gap stays visible). The caller
   * holds the chain lock.
   */
  static final class Chain {
    private long seq;
    private String hash;

    private Chain(long seq, String hash) {
      this.seq = seq;
      this.hash = hash;
    }

    /** From the result of {@link #READ_ANCHOR}; a missing anchor row refuses every append. */
    static Chain fromAnchor(ResultSet rs) throws SQLException {
      if (!rs.next()) {
        throw JdbcAuditLog.anchorMissing();
      }
      return new Chain(rs.getLong(1), rs.getString(2));
    }

    /** The next entry of the chain; {@code at} in its {@code Instant.toString} form. */
    Link next(String at, String actor, String operationId, String action, String detail) {
      String prev = hash;
      hash = JdbcAuditLog.hash(prev, at, actor, operationId, action, detail);
      return new Link(++seq, prev, hash);
    }

    /** Binds the anchor's new length and head hash from {@code first} (as {@link #MOVE_ANCHOR}). */
    void bindAnchor(PreparedStatement ps, int first) throws SQLException {
      ps.setLong(first, seq);
      ps.setString(first + 1, hash);
    }

    long seq() {
      return seq;
    }

    String hash() {
      return hash;
    }
  }

  /** The anchor update must have moved the one anchor row. */
  static void anchorMoved(int updated) {
    if (updated != 1) {
      throw JdbcAuditLog.anchorMissing();
    }
  }
}
