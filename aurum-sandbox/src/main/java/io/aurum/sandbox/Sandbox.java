package io.aurum.sandbox;

import com.sun.net.httpserver.HttpServer;
import io.aurum.sandbox.cpi.BlsEmulator;
import io.aurum.sandbox.eia.EiaEmulator;
import io.aurum.sandbox.fred.FredEmulator;
import io.aurum.sandbox.iso.CaisoEmulator;
import io.aurum.sandbox.iso.NyisoEmulator;
import io.aurum.sandbox.iso.PjmEmulator;
import io.aurum.sandbox.noaa.NoaaEmulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The local emulator of the upstream APIs: one HTTP server on 127.0.0.1 with one {@link
 * SourceEmulator} per source on its real path prefix, plus the admin API under {@code /_admin/}
 * (see {@link AdminHandler}). Thread-safe.
 */
public final class Sandbox implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService executor;
  private final Revisions revisions;
  private final Map<String, SourceHandler> sources = new LinkedHashMap<>();

  private Sandbox(SandboxConfig config) throws IOException {
    this.revisions = new Revisions();
    this.server =
        HttpServer.create(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), config.port()), 64);
    this.executor = Executors.newFixedThreadPool(config.threads(), Sandbox::daemon);
    server.setExecutor(executor);
    register(new EiaEmulator(revisions, config.rejectedKeys(), config.clock()), config);
    register(new FredEmulator(revisions, config.rejectedKeys(), config.clock()), config);
    register(new BlsEmulator(revisions, config.rejectedKeys(), config.clock()), config);
    register(new NoaaEmulator(revisions, config.rejectedKeys(), config.clock()), config);
    register(new NyisoEmulator(revisions, config.clock()), config);
    register(new CaisoEmulator(revisions, config.clock()), config);
    register(new PjmEmulator(revisions, config.rejectedKeys(), config.clock()), config);
    server.createContext("/_admin/", new AdminHandler(this));
  }

  /** Starts a sandbox; port 0 picks a free port. */
  public static Sandbox start(SandboxConfig config) {
    try {
      Sandbox sandbox = new Sandbox(config);
      sandbox.server.start();
      return sandbox;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the sandbox on port " + config.port(), e);
    }
  }

  private void register(SourceEmulator emulator, SandboxConfig config) {
    SourceHandler handler =
        new SourceHandler(emulator, config.newQuota(emulator.source()), config.seed());
    sources.put(emulator.source(), handler);
    server.createContext(emulator.pathPrefix(), handler);
  }

  private static Thread daemon(Runnable r) {
    Thread t = new Thread(r, "sandbox-http");
    t.setDaemon(true);
    return t;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** {@code http://127.0.0.1:PORT}, the base URL every connector appends its real path to. */
  public String baseUrl() {
    return "http://127.0.0.1:" + port();
  }

  /** Names of the emulated sources. */
  public java.util.Set<String> sources() {
    return java.util.Collections.unmodifiableSet(sources.keySet());
  }

  /** The fault settings of a source (mutable, live). */
  public Faults faults(String source) {
    return handler(source).faults();
  }

  /**
   * Sets faults of a source from text such as {@code error_rate=0.1;latency_ms=50} (the names of
   * {@code POST /_admin/faults}, pairs separated by {@code ;}).
   */
  public void faults(String source, String settings) {
    java.util.Map<String, java.util.List<String>> query = new java.util.LinkedHashMap<>();
    for (String pair : settings.split(";")) {
      if (pair.isBlank()) {
        continue;
      }
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("fault setting '" + pair + "' is not name=value");
      }
      query
          .computeIfAbsent(pair.substring(0, eq).trim(), k -> new java.util.ArrayList<>())
          .add(pair.substring(eq + 1).trim());
    }
    AdminHandler.applyFaults(faults(source), new SandboxRequest("POST", "/_admin/faults", query));
  }

  /** The emulator of a source, for the settings only it has (e.g. EIA's row cap). */
  public SourceEmulator emulator(String source) {
    return handler(source).emulator();
  }

  public SourceStats.Snapshot stats(String source) {
    return handler(source).stats().snapshot();
  }

  /** Bumps the revision of [start, end] (UTC dates, inclusive) so those periods change value. */
  public int revise(String source, LocalDate start, LocalDate end) {
    handler(source);
    return revisions.revise(source, start, end);
  }

  /**
   * Sets a source's quota to a token bucket of so many requests per second; {@code perSecond <= 0}
   * disables it.
   */
  public void quota(String source, double perSecond) {
    handler(source).quota(perSecond > 0 ? new Quota(perSecond) : null);
  }

  /**
   * Sets a source's quota to a strict sliding window of {@code requests} per {@code period}: a
   * request is refused with 429 when that many were accepted within the last period.
   */
  public void strictWindow(String source, long requests, java.time.Duration period) {
    handler(source).quota(Quota.strictWindow(requests, period));
  }

  /** A source's quota now, or null when it has none. */
  public Quota quotaOf(String source) {
    return handler(source).quota();
  }

  /**
   * When each request of a source was accepted or throttled since the last reset ({@link
   * System#nanoTime}): makespans, rates and windows as the upstream saw them.
   */
  public SourceStats.Timeline timeline(String source) {
    return handler(source).stats().timeline();
  }

  /**
   * Sets the daily query limit of a source that counts per day (BLS: 500 by default); the count
   * starts again from zero.
   */
  public void dailyLimit(String source, int limit) {
    if (!(handler(source).emulator() instanceof BlsEmulator bls)) {
      throw new IllegalArgumentException("source " + source + " has no daily limit");
    }
    bls.dailyLimit(limit);
  }

  /** Clears statistics and faults (and refills quotas) of every source. */
  public void reset() {
    sources.values().forEach(SourceHandler::reset);
  }

  public void reset(String source) {
    handler(source).reset();
  }

  SourceHandler handler(String source) {
    SourceHandler h = source == null ? null : sources.get(source);
    if (h == null) {
      throw new IllegalArgumentException(
          "unknown source '" + source + "': use one of " + sources.keySet());
    }
    return h;
  }

  Map<String, SourceHandler> handlers() {
    return sources;
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
