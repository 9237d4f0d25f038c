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

  /** A reserved request: its id (to report its answer) and how long to wait for its slot. */
  record Slot(long requestId, Duration delay) {}

  /** What a 429 did to the lane: news or an echo of a hold in force, and the hold left. */
  record Hold(boolean fresh, Duration remaining) {}

  /**
   * Reserves the lane's next request slot: at least {@code interval} after the previous one (an
   * idle lane starts now, no credit banked), after any hold, and only when fewer than N requests
   * may still count in each of {@code windows} (a request counts from its slot until a period after
   * its answer, or after {@code maxUnanswered} without one).
   */
  Slot reserve(
      String lane, Duration interval, List<SourceQuota.Limit> windows, Duration maxUnanswered);

  /** The answer of a reserved request came back (idempotent). */
  void answered(long requestId);

  /** A 429 on the lane: every process holds its requests for {@code hold}. */
  Hold throttled(String lane, Duration hold);
}
