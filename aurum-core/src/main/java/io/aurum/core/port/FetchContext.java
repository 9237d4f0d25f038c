package io.aurum.core.port;

/** What a connector calls around each upstream request. Implementations are thread-safe. */
public interface FetchContext {

  /**
   * Blocks until the source's rate limiter grants a request. Throws {@link
   * java.util.concurrent.CancellationException} when the operation was cancelled with force.
   */
  void beforeRequest();

  /** Records one completed request and the bytes read. */
  void afterResponse(long bytes);

  /**
   * How the request that {@link #afterResponse} just recorded went, for metrics: its HTTP status (0
   * when no answer came: an I/O error or a timeout before the headers) and the time from sending it
   * to the body's last byte.
   */
  default void responded(int status, java.time.Duration elapsed) {}

  /**
   * Says that upstream has settled data only before {@code settledUntil} for this fetch: later
   * periods of the range are not final yet (today's NYISO real-time file) and were not emitted. The
   * engine then scores completeness over the settled part, publishes nothing at or after it, and
   * marks the version incomplete so that a later run fetches the partition again.
   */
  default void settledUntil(java.time.Instant settledUntil) {}

  /** A context that neither limits nor counts, for tools and tests. */
  FetchContext UNLIMITED =
      new FetchContext() {
        @Override
        public void beforeRequest() {}

        @Override
        public void afterResponse(long bytes) {}
      };
}
