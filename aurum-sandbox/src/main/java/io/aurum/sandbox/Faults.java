package io.aurum.sandbox;

import java.time.LocalDate;
import java.util.Set;

/**
 * The faults injected into one source's responses, settable from Java and from {@code POST
 * /_admin/faults}. Thread-safe (all state guarded by {@code this}; the hold by its own lock).
 *
 * <ul>
 *   <li>{@code latencyMs}: added before every answer;
 *   <li>{@code errorRate}: probability of a 500 or 503 (half each), drawn from a {@link
 *       java.util.Random} seeded with {@code seed}, so a test run is reproducible;
 *   <li>{@code throttleNext} / {@code retryAfterSeconds}: the next N requests get 429 with that
 *       {@code Retry-After};
 *   <li>{@code unavailableNext}: the next N requests get 503;
 *   <li>{@code resetNext}: the next N successful answers announce their full length, send half of
 *       the body and drop the connection;
 *   <li>{@code truncateNext}: the next N successful answers are a well-framed HTTP response whose
 *       body is only the first half of the JSON (a valid prefix, then end of stream);
 *   <li>{@code malformedNext}: the next N successful answers carry a body that is not JSON;
 *   <li>{@code stallNext}: the next N successful answers send half of the body, then nothing;
 *   <li>{@code failDates}: permanent failures, as an upstream refuses one day's data. A request
 *       whose range, from its start date to its end date ({@link SourceEmulator#endDate}), holds
 *       one of these dates gets a 400 in-body error, every time: a fetch window over the day fails
 *       as the day alone does. The date of {@code start} is its first ten characters ({@code
 *       2024-01-05T05} → 2024-01-05); a monthly {@code start} ({@code 2024-01}) stands for the
 *       first day of the month. Requests without a start never fail this way.
 *   <li>{@link #values()}: chosen points served with a value that is not data ({@link BadValues}).
 *   <li>{@link #hold()}: every request is received (and counted) but answered only after {@link
 *       #release()}: an upstream that hangs for as long as a test needs, not for a time.
 * </ul>
 *
 * <p>Hostile upstreams (until cleared; see {@link Hostile}): {@code retryAfterHeader} sends any
 * {@code Retry-After} text with the next throttles (an HTTP date, {@code 99999999999}); {@code
 * dripBytesPerSecond} sends every successful body at that rate; {@code zipBomb} replaces every
 * successful ZIP answer by a ZIP whose first member inflates to that many bytes; {@code hugeLine}
 * puts a line of that many bytes into every successful answer; {@code manyRows} repeats the kept
 * rows of every successful ZIP answer's first member to that many bytes ({@link HostileBodies}).
 *
 * <p>Injected faults are checked in this order: throttle burst, unavailable burst, random error,
 * then (after the emulator answered 200) reset, truncate, malformed. The bursts and random errors
 * are {@link FaultBursts}, the failing dates {@link FailDates}, the hold {@link RequestHold}.
 */
public final class Faults {

  /** A copy of the current settings. */
  public record Settings(
      long latencyMs,
      double errorRate,
      long seed,
      int throttleNext,
      int retryAfterSeconds,
      int unavailableNext,
      int resetNext,
      int truncateNext,
      int malformedNext,
      int stallNext,
      Set<LocalDate> failDates) {
    public Settings {
      failDates = Set.copyOf(failDates);
    }
  }

  public static final int DEFAULT_RETRY_AFTER_SECONDS = 1;

  /** How long a stalled answer stops sending before the connection is dropped. */
  public static final long STALL_MILLIS = 30_000;

  // Guarded by this, like the fields below.
  private final FaultBursts bursts;
  private final FailDates failDates = new FailDates();
  private final RequestHold hold = new RequestHold();
  private long latencyMs;
  private HostileFaults hostile = new HostileFaults();

  /** The hostile-upstream faults: 0 or null when off. */
  public record Hostile(
      String retryAfterHeader,
      long dripBytesPerSecond,
      long zipBomb,
      long hugeLine,
      long manyRows) {}

  // The value fault (value=1e400, nan, …): its own class, settings and checks.
  private final BadValues values = new BadValues();

  public Faults(long seed) {
    this.bursts = new FaultBursts(seed);
  }

  public synchronized Faults latencyMs(long ms) {
    this.latencyMs = requireNonNegative(ms, "latency_ms");
    return this;
  }

  /** Probability in [0, 1] of a 500/503; also reseeds the random source. */
  public synchronized Faults errorRate(double rate, long newSeed) {
    if (!(rate >= 0 && rate <= 1)) {
      throw new IllegalArgumentException("error_rate must be within [0, 1]: " + rate);
    }
    bursts.errorRate(rate, newSeed);
    return this;
  }

  public synchronized Faults errorRate(double rate) {
    return errorRate(rate, bursts.seed);
  }

  public synchronized Faults throttleNext(int n, int retryAfter) {
    bursts.throttleNext = (int) requireNonNegative(n, "throttle_next");
    if (retryAfter < 1) {
      throw new IllegalArgumentException("retry_after must be at least 1 second: " + retryAfter);
    }
    bursts.retryAfterSeconds = retryAfter;
    hostile.retryAfterHeader = null;
    return this;
  }

  /**
   * The next {@code n} requests get 429 with {@code Retry-After: retryAfter} verbatim: delta
   * seconds of any size ({@code 99999999999}) or an HTTP date ({@code Thu, 01 Jan 2099 00:00:00
   * GMT}).
   */
  public synchronized Faults throttleNext(int n, String retryAfter) {
    if (retryAfter == null || retryAfter.isBlank() || retryAfter.chars().anyMatch(c -> c < 32)) {
      throw new IllegalArgumentException("retry_after must be a header value: " + retryAfter);
    }
    bursts.throttleNext = (int) requireNonNegative(n, "throttle_next");
    hostile.retryAfterHeader = retryAfter.trim();
    return this;
  }

  /** Every successful body is sent at {@code rate} bytes a second (0: at once). */
  public synchronized Faults dripBytesPerSecond(long rate) {
    hostile.dripBytesPerSecond = requireNonNegative(rate, "drip_bytes_per_second");
    return this;
  }

  /**
   * Every successful ZIP answer becomes a ZIP of a few kilobytes per 100 MB whose first member
   * inflates to {@code bytes} (under 4 GiB; 0: off) of well-formed rows no dataset keeps.
   */
  public synchronized Faults zipBomb(long bytes) {
    hostile.zipBomb = HostileBodies.size(bytes, "zip_bomb");
    return this;
  }

  /** Every successful answer carries one line of {@code bytes} (under 4 GiB; 0: off). */
  public synchronized Faults hugeLine(long bytes) {
    hostile.hugeLine = HostileBodies.size(bytes, "huge_line");
    return this;
  }

  /**
   * Every successful ZIP answer becomes a ZIP whose first member is its header and then its rows
   * that a dataset keeps, valid and unchanged, repeated until the member inflates to {@code bytes}
   * (under 4 GiB; 0: off): millions of good rows, a few MB on the wire.
   */
  public synchronized Faults manyRows(long bytes) {
    hostile.manyRows = HostileBodies.size(bytes, "many_rows");
    return this;
  }

  public synchronized Hostile hostile() {
    return hostile.settings();
  }

  /** The Retry-After header of an injected throttle: the verbatim text if set, else seconds. */
  synchronized String retryAfterValue() {
    String header = hostile.retryAfterHeader;
    return header != null ? header : Integer.toString(bursts.retryAfterSeconds);
  }

  /**
   * A suspended key: after {@code after} more requests are served, the next {@code n} get 403 as
   * when EIA suspends a key that worked (then the key works again).
   */
  public synchronized Faults suspendKeyAfter(int after, int n) {
    bursts.suspendAfter = (int) requireNonNegative(after, "suspend_after");
    bursts.suspendNext = (int) requireNonNegative(n, "suspend_next");
    return this;
  }

  public synchronized Faults unavailableNext(int n) {
    bursts.unavailableNext = (int) requireNonNegative(n, "unavailable_next");
    return this;
  }

  public synchronized Faults resetNext(int n) {
    bursts.resetNext = (int) requireNonNegative(n, "reset_next");
    return this;
  }

  public synchronized Faults truncateNext(int n) {
    bursts.truncateNext = (int) requireNonNegative(n, "truncate_next");
    return this;
  }

  public synchronized Faults malformedNext(int n) {
    bursts.malformedNext = (int) requireNonNegative(n, "malformed_next");
    return this;
  }

  /**
   * The next N successful answers announce their full length, send half of the body and then stop
   * sending (for {@link #STALL_MILLIS} ms) before dropping the connection: a server hung mid-body.
   */
  public synchronized Faults stallNext(int n) {
    bursts.stallNext = (int) requireNonNegative(n, "stall_next");
    return this;
  }

  public synchronized Faults failDates(Set<LocalDate> dates) {
    failDates.set(dates);
    return this;
  }

  /** From now on, requests wait for {@link #release()} before they are answered. */
  public Faults hold() {
    hold.hold();
    return this;
  }

  /** Answers the held requests and stops holding. */
  public void release() {
    hold.release();
  }

  /** Waits while requests are held; false when interrupted (the sandbox is closing). */
  boolean awaitRelease() {
    return hold.awaitRelease();
  }

  /** Back to no faults and the configured seed; held requests are answered. */
  public synchronized void clear() {
    release();
    latencyMs = 0;
    bursts.clear();
    failDates.clear();
    hostile = new HostileFaults();
    values.clear();
  }

  /** The value fault of this source (points served with a value that is not data). */
  public BadValues values() {
    return values;
  }

  public synchronized Settings settings() {
    return bursts.settings(latencyMs, failDates.copy());
  }

  synchronized long latency() {
    return latencyMs;
  }

  synchronized int retryAfterSeconds() {
    return bursts.retryAfterSeconds;
  }

  /**
   * Decides (and consumes) a fault that replaces the answer: SUSPENDED, THROTTLE, UNAVAILABLE,
   * SERVER_ERROR.
   */
  synchronized FaultKind beforeAnswer() {
    return bursts.beforeAnswer();
  }

  /** Decides (and consumes) a fault that damages a successful body: RESET, TRUNCATE, MALFORMED. */
  synchronized FaultKind onBody() {
    return bursts.onBody();
  }

  /** Whether a request starting on this UTC date fails permanently. */
  public synchronized boolean failsOn(LocalDate date) {
    return failDates.contains(date);
  }

  /**
   * Whether a failing date lies in [start, end]: a request over a range fails on any of its days.
   */
  public synchronized boolean failsOn(LocalDate start, LocalDate end) {
    return failDates.within(start, end);
  }

  private static long requireNonNegative(long n, String name) {
    if (n < 0) {
      throw new IllegalArgumentException(name + " must not be negative: " + n);
    }
    return n;
  }
}
