package io.aurum.connectors;

import java.time.Duration;

/**
 * What one upstream may cost Aurum, per request: an overall deadline (connect, headers and the
 * whole body), the longest {@code Retry-After} honoured, and the largest response body, archive
 * member and line, the most rows one request may hand on ({@link RowCap} lowers that to what the
 * heap holds), and the rows a page asks for where the API pages by rows (0: the API's largest page,
 * which spends the fewest requests). Past the deadline a request fails as retryable; past a size or
 * row limit the task fails permanently; past the {@code Retry-After} cap the source's breaker opens
 * and the operation pauses. Read from {@code upstream_limits.json} ({@link UpstreamLimitsFile});
 * documented in {@code docs/sources.md} ("Upstream limits"). Immutable, validated on construction.
 */
public record UpstreamLimits(
    Duration deadline,
    Duration maxRetryAfter,
    long maxBodyBytes,
    long maxMemberBytes,
    int maxLineBytes,
    long maxRowsPerRequest,
    int pageRows) {

  public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(120);
  public static final Duration DEFAULT_MAX_RETRY_AFTER = Duration.ofMinutes(15);

  /** Ten times the largest page any source serves (PJM: 50,000 rows, about 20 MB). */
  public static final long DEFAULT_MAX_BODY_BYTES = 256L << 20;

  /** Four times the largest CSV member (31 days of 5-minute prices for 10 CAISO nodes, ~67 MB). */
  public static final long DEFAULT_MAX_MEMBER_BYTES = 256L << 20;

  /** A thousand times the longest CSV row any source writes. */
  public static final int DEFAULT_MAX_LINE_BYTES = 1 << 20;

  /**
   * Five times the largest page a paged API serves (FRED's {@code limit} of 100,000 observations;
   * EIA pages hold 5,000, PJM 50,000, NOAA 1,000, BLS at most 13,000) and of the largest file (a
   * NYISO monthly archive of 5-minute prices: 11 zones × 288 × 31 = 98,208 rows kept; a 31-day
   * CAISO answer for 10 nodes keeps 89,280). No upstream needs more, so none overrides it.
   */
  public static final long DEFAULT_MAX_ROWS_PER_REQUEST = 500_000;

  /** The smallest line limit: the CAISO reader checks lines per 64 KiB buffer. */
  public static final int MIN_LINE_BYTES = 64 << 10;

  /** The largest line limit: a line is held in one array. */
  public static final int MAX_LINE_BYTES = 256 << 20;

  /** The largest {@code Retry-After} cap: longer waits are a pause, not a wait. */
  public static final Duration MAX_RETRY_AFTER_CAP = Duration.ofDays(1);

  public static final UpstreamLimits DEFAULTS =
      new UpstreamLimits(
          DEFAULT_DEADLINE,
          DEFAULT_MAX_RETRY_AFTER,
          DEFAULT_MAX_BODY_BYTES,
          DEFAULT_MAX_MEMBER_BYTES,
          DEFAULT_MAX_LINE_BYTES,
          DEFAULT_MAX_ROWS_PER_REQUEST,
          0);

  public UpstreamLimits {
    if (deadline == null || deadline.isNegative() || deadline.isZero()) {
      throw new IllegalArgumentException("deadline_seconds must be positive, got " + deadline);
    }
    if (maxRetryAfter == null
        || maxRetryAfter.isNegative()
        || maxRetryAfter.compareTo(MAX_RETRY_AFTER_CAP) > 0) {
      throw new IllegalArgumentException(
          "max_retry_after_seconds must be within [0, "
              + MAX_RETRY_AFTER_CAP.toSeconds()
              + "], got "
              + (maxRetryAfter == null ? null : maxRetryAfter.toSeconds()));
    }
    if (maxBodyBytes < 1 || maxMemberBytes < 1) {
      throw new IllegalArgumentException("max_body_bytes and max_member_bytes must be positive");
    }
    if (maxLineBytes < MIN_LINE_BYTES || maxLineBytes > MAX_LINE_BYTES) {
      throw new IllegalArgumentException(
          "max_line_bytes must be within ["
              + MIN_LINE_BYTES
              + ", "
              + MAX_LINE_BYTES
              + "], got "
              + maxLineBytes);
    }
    if (maxRowsPerRequest < 1) {
      throw new IllegalArgumentException(
          "max_rows_per_request must be positive, got " + maxRowsPerRequest);
    }
    if (pageRows < 0) {
      throw new IllegalArgumentException("page_rows must be positive, got " + pageRows);
    }
  }

  public UpstreamLimits withDeadline(Duration d) {
    return new UpstreamLimits(
        d, maxRetryAfter, maxBodyBytes, maxMemberBytes, maxLineBytes, maxRowsPerRequest, pageRows);
  }

  public UpstreamLimits withMaxRetryAfter(Duration d) {
    return new UpstreamLimits(
        deadline, d, maxBodyBytes, maxMemberBytes, maxLineBytes, maxRowsPerRequest, pageRows);
  }

  public UpstreamLimits withMaxBodyBytes(long n) {
    return new UpstreamLimits(
        deadline, maxRetryAfter, n, maxMemberBytes, maxLineBytes, maxRowsPerRequest, pageRows);
  }

  public UpstreamLimits withMaxMemberBytes(long n) {
    return new UpstreamLimits(
        deadline, maxRetryAfter, maxBodyBytes, n, maxLineBytes, maxRowsPerRequest, pageRows);
  }

  public UpstreamLimits withMaxLineBytes(int n) {
    return new UpstreamLimits(
        deadline, maxRetryAfter, maxBodyBytes, maxMemberBytes, n, maxRowsPerRequest, pageRows);
  }

  public UpstreamLimits withMaxRowsPerRequest(long n) {
    return new UpstreamLimits(
        deadline, maxRetryAfter, maxBodyBytes, maxMemberBytes, maxLineBytes, n, pageRows);
  }

  public UpstreamLimits withPageRows(int n) {
    return new UpstreamLimits(
        deadline, maxRetryAfter, maxBodyBytes, maxMemberBytes, maxLineBytes, maxRowsPerRequest, n);
  }

  /**
   * The rows a page asks for from an API whose largest page is {@code apiMax}: {@code page_rows}
   * when set and smaller, else {@code apiMax}.
   */
  public int pageRows(int apiMax) {
    return pageRows == 0 ? apiMax : Math.min(pageRows, apiMax);
  }

  /** A byte count as people read it: {@code 256 MiB}, {@code 64 KiB}, {@code 1000 bytes}. */
  public static String bytes(long n) {
    if (n >= 1L << 30 && n % (1L << 30) == 0) {
      return (n >> 30) + " GiB";
    }
    if (n >= 1L << 20 && n % (1L << 20) == 0) {
      return (n >> 20) + " MiB";
    }
    if (n >= 1L << 10 && n % (1L << 10) == 0) {
      return (n >> 10) + " KiB";
    }
    return n + " bytes";
  }
}
