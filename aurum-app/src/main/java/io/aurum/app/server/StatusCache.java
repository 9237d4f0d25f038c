package io.aurum.app.server;

import io.aurum.app.cli.ApiViews;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * The status documents of {@code GET /api/operations/{id}}, shared by every reader and refreshed
 * once they are {@link #TTL_NANOS} old (a second, the event streams' pace): many readers of one
 * operation cost the store one status read a second, not one each, so they do not slow the run they
 * watch. The reader that finds a document expired refreshes it; the others meanwhile get the one
 * they had, never waiting for the store (readers queued behind one refresh held hundreds of the
 * server's threads under 500 reads a second), so a document is at most a second plus one refresh
 * old. Only an operation's first read waits. A pause, resume or cancel through this server replaces
 * the document at once. Thread-safe.
 */
final class StatusCache {
  static final long TTL_NANOS = 1_000_000_000L;

  private static final class Entry {
    final String json;
    final long madeNanos;
    final AtomicBoolean refreshing = new AtomicBoolean();

    Entry(String json, long madeNanos) {
      this.json = json;
      this.madeNanos = madeNanos;
    }
  }

  private final Api api;
  private final LongSupplier nanos;
  private final Map<String, Entry> docs = new ConcurrentHashMap<>();
  private final java.util.function.Function<String, String> reader;

  StatusCache(Api api) {
    this.api = api;
    this.nanos = System::nanoTime;
    this.reader = this::read;
  }

  /** For tests: documents made by {@code reader}, aged by {@code nanos}. */
  StatusCache(java.util.function.Function<String, String> reader, LongSupplier nanos) {
    this.api = null;
    this.nanos = nanos;
    this.reader = reader;
  }

  /** The status document of {@code id}: at most a second (and one refresh) old. */
  String get(String id) {
    Entry e = docs.get(id);
    if (e == null) {
      // The first read of an operation: its readers wait for this one.
      return docs.computeIfAbsent(id, k -> new Entry(reader.apply(k), nanos.getAsLong())).json;
    }
    if (nanos.getAsLong() - e.madeNanos < TTL_NANOS || !e.refreshing.compareAndSet(false, true)) {
      return e.json; // fresh, or another reader is refreshing it: the one we have
    }
    try {
      String json = reader.apply(id);
      docs.put(id, new Entry(json, nanos.getAsLong()));
      return json;
    } finally {
      e.refreshing.set(false);
    }
  }

  /** Reads the document now, keeping it for the next readers. */
  String fresh(String id) {
    String json = reader.apply(id);
    docs.put(id, new Entry(json, nanos.getAsLong()));
    return json;
  }

  private String read(String id) {
    return ApiViews.status(api.runs().service().status(id), api.app().store());
  }
}
