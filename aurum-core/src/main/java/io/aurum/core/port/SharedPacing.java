package io.aurum.core.port;

import io.aurum.core.config.SourceQuota;
import java.time.Duration;
import java.util.List;

/**
 * The request slots of a quota lane shared by every process on one database (PostgreSQL): the
 * database's clock decides when each request may start, so many processes together keep the
 * strict-window pacing of one (docs/architecture.md, "Shared pacing"). Implementations are
 * thread-safe.
 */
public interface SharedPacing {

  /**
   * A reserved request (its id, to report its answer, and how long to wait for its slot), or none
   * yet ({@code requestId} 0: the next slot is beyond the horizon; ask again after {@code delay}).
   */
  record Slot(long requestId, Duration delay) {
    public boolean reserved() {
      return requestId > 0;
    }
  }

  /** What a 429 did to the lane: news or an echo of a hold in force, and the hold left. */
  record Hold(boolean fresh, Duration remaining) {}

  /**
   * Reserves the lane's next request slot: at least {@code interval} after the previous one (an
   * idle lane starts now, no credit banked), after any hold, and only when fewer than N requests
   * may still count in each of {@code windows} (a request counts from its slot until a period after
   * its answer; without one as if it arrived now, for at most {@code maxUnanswered}). A slot
   * further ahead than a horizon (half the shortest window, at most a second) is not reserved: the
   * caller asks again, so that a window is judged against requests that have gone and been
   * answered.
   */
  Slot reserve(
      String lane, Duration interval, List<SourceQuota.Limit> windows, Duration maxUnanswered);

  /**
   * The answer of a reserved request came back (idempotent), at most {@code afterSlot} after its
   * slot (the caller's bound: its wait after the slot plus the round trip of the reservation; the
   * time the report reaches the database bounds it too).
   */
  void answered(long requestId, Duration afterSlot);

  /** A 429 on the lane: every process holds its requests for {@code hold}. */
  Hold throttled(String lane, Duration hold);
}
