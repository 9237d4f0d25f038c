package io.aurum.core.port;

import io.aurum.core.model.Role;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The server's bearer tokens: only a token's SHA-256 is stored, never the token. Names are unique
 * among tokens not revoked. Every change is one transaction with its audit entry (the actor).
 * Thread-safe.
 */
public interface TokenRepository {

  /** A stored token, without the token itself. */
  record StoredToken(
      String name,
      Role role,
      String createdBy,
      Instant createdAt,
      Instant revokedAt,
      Instant lastUsedAt) {
    public boolean active() {
      return revokedAt == null;
    }
  }

  /**
   * Stores a new token by its hash. Fails ({@code BadInput}) when an active token has this name.
   */
  void create(String name, Role role, String sha256Hex, String actor);

  /** Every token, active first, then by name; revoked ones too when {@code all}. */
  List<StoredToken> list(boolean all);

  /**
   * Revokes the active token of this name; returns false when there is none (already revoked or
   * never made).
   */
  boolean revoke(String name, String actor);

  /** The active token with this hash, marking it used now; empty when unknown or revoked. */
  Optional<StoredToken> authenticate(String sha256Hex);
}
