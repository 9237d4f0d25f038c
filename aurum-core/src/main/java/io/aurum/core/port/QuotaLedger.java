package io.aurum.core.port;

import io.aurum.core.model.SourceId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The quota of each source and API key, shared by every operation of every process on one database:
 * fixed-window request counters for the long windows of a quota (minutes, hours, days), and the
 * source's circuit breaker, per source and key, and per market for a per-market source ({@link
 * #laneKey}). Implementations are thread-safe.
 */
public interface QuotaLedger {

  /**
   * The ledger key of a quota lane: the API key itself for a source with one quota, {@code
   * market:key} for a source with one quota per market (ISO), so that each market of a key has its
   * own windows and its own circuit breaker.
   */
  static String laneKey(String market, String keyId) {
    return market == null ? keyId : market + ":" + keyId;
  }

  /** One window of a quota: at most {@code limit} requests per {@code period}. */
  record Window(Duration period, long limit) {}

  /** Whether a request may go, and if not, when the first blocking window resets. */
  sealed interface Grant {
    /**
     * The request may go; {@code left} is what remains of each window after it, in the order of the
     * windows asked for (empty when not known).
     */
    record Granted(List<Long> left) implements Grant {
      public Granted {
        left = List.copyOf(left);
      }

      public Granted() {
        this(List.of());
      }
    }

    record Denied(Instant retryAt, Window blocking) implements Grant {}
  }

  /**
   * Takes one request from every window of the source's key, atomically, or none when any window is
   * full. Windows start at multiples of their period since the epoch (UTC).
   */
  Grant take(SourceId source, String keyId, List<Window> windows, Instant now);

  /** Requests counted in the current window of {@code period}. */
  long used(SourceId source, String keyId, Duration period, Instant now);

  /** A tripped breaker: requests to the source wait until {@code until}. */
  record Breaker(Instant until, String reason) {}

  void openBreaker(SourceId source, String keyId, Instant until, String reason);

  void closeBreaker(SourceId source, String keyId);

  Optional<Breaker> breaker(SourceId source, String keyId);

  /**
   * The request slots shared by every process on this ledger's database, where it can give them
   * (PostgreSQL); empty where one process paces alone (SQLite).
   */
  default Optional<SharedPacing> sharedPacing() {
    return Optional.empty();
  }

  /**
   * The fetch slots ({@code max_concurrency}) shared by every process on this ledger's database,
   * where it can give them (PostgreSQL); empty where one process counts its own (SQLite).
   */
  default Optional<FetchSlots> fetchSlots() {
    return Optional.empty();
  }
}
