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

  /** A context that neither limits nor counts, for tools and tests. */
  FetchContext UNLIMITED =
      new FetchContext() {
        @Override
        public void beforeRequest() {}

        @Override
        public void afterResponse(long bytes) {}
      };
}
