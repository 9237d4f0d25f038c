package io.aurum.app.server;

import io.aurum.app.cli.ApiViews;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The status documents of {@code GET /api/operations/{id}}, each kept for at most {@link
 * #TTL_NANOS} (a second, the event streams' pace) and shared by every reader: many readers of one
 * operation cost the store one status read a second, not one each, so they do not slow the run they
 * watch. A pause, resume or cancel through this server replaces the document at once. Thread-safe.
 */
final class StatusCache {
  static final long TTL_NANOS = 1_000_000_000L;

  private record Entry(String json, long madeNanos) {}

  private final Api api;
  private final Map<String, Entry> docs = new ConcurrentHashMap<>();

  StatusCache(Api api) {
    this.api = api;
  }

  /** The status document of {@code id}, at most a second old. */
  String get(String id) {
    long now = System.nanoTime();
    Entry e = docs.get(id);
    if (e != null && now - e.madeNanos() < TTL_NANOS) {
      return e.json();
    }
    // Concurrent misses of one id share one read.
    return docs.compute(
            id,
            (k, old) ->
                old != null && System.nanoTime() - old.madeNanos() < TTL_NANOS
                    ? old
                    : new Entry(read(k), System.nanoTime()))
        .json();
  }

  /** Reads the document now, keeping it for the next readers. */
  String fresh(String id) {
    String json = read(id);
    docs.put(id, new Entry(json, System.nanoTime()));
    return json;
  }

  private String read(String id) {
    return ApiViews.status(api.runs().service().status(id), api.app().store());
  }
}
