package io.aurum.app.server;

import io.aurum.core.port.TokenRepository.StoredToken;
import io.aurum.core.usecase.Tokens;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The server's token check with a memory: an active token's verification is kept for {@link
 * #TTL_NANOS} (a second), so a client sending hundreds of requests a second costs the store one
 * hash lookup a second, not one a request. A revocation through this server ({@link #forget}) takes
 * effect at once; one by another process (a command line's {@code aurum tokens revoke}) within that
 * second. Only tokens found active are kept: a wrong one is looked up (and counted by {@link Auth})
 * every time. Thread-safe.
 */
final class VerifiedTokens {
  static final long TTL_NANOS = 1_000_000_000L;

  /** Entries kept before the expired ones are swept: far more than a server has active tokens. */
  private static final int SWEEP_AT = 1_000;

  private record Entry(StoredToken token, long madeNanos) {}

  private final Tokens tokens;
  private final LongSupplier nanos;
  private final Map<String, Entry> verified = new ConcurrentHashMap<>();

  VerifiedTokens(Tokens tokens, LongSupplier nanos) {
    this.tokens = tokens;
    this.nanos = nanos;
  }

  VerifiedTokens(Tokens tokens) {
    this(tokens, System::nanoTime);
  }

  /** The active token {@code presented} is, as the store said at most a second ago. */
  Optional<StoredToken> authenticate(String presented) {
    long now = nanos.getAsLong();
    Entry e = verified.get(presented);
    if (e != null && now - e.madeNanos() < TTL_NANOS) {
      return Optional.of(e.token());
    }
    Optional<StoredToken> t = tokens.authenticate(presented);
    if (t.isEmpty()) {
      verified.remove(presented);
      return t;
    }
    if (verified.size() >= SWEEP_AT) {
      verified.values().removeIf(x -> now - x.madeNanos() >= TTL_NANOS);
    }
    verified.put(presented, new Entry(t.get(), now));
    return t;
  }

  /** Forgets the token {@code name}: its next request is checked against the store again. */
  void forget(String name) {
    verified.values().removeIf(e -> e.token().name().equals(name));
  }
}
