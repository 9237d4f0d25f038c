package io.aurum.connectors.cpi;

import io.aurum.core.error.UpstreamException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;

/**
 * Classifies BLS outcomes, which arrive in the body of an HTTP 200: {@code REQUEST_NOT_PROCESSED}
 * with the daily-threshold message is a throttle (retry after the next UTC midnight, when the daily
 * count is assumed to reset), an invalid key is permanent and names {@code BLS_API_KEY}, other
 * failures are permanent; HTTP 429 throttled and 5xx retryable.
 */
public final class CpiErrors {
  /** BLS's message when years beyond its limit were dropped from a successful answer. */
  public static final String YEAR_RANGE_REDUCED = "year range has been reduced";

  private CpiErrors() {}

  /** The error an outcome means, or null when the data can be used. */
  public static UpstreamException classify(
      CpiPayloadParser.Outcome outcome, String url, Clock clock) {
    String status = outcome.status();
    String text = "BLS " + status + ": " + String.join(" ", outcome.messages()) + " [" + url + "]";
    String lower = String.join(" ", outcome.messages()).toLowerCase(Locale.ROOT);
    if (lower.contains("key") && lower.contains("invalid")) {
      return UpstreamException.permanent(
          text + " (check the environment variable BLS_API_KEY)", 200);
    }
    if ("REQUEST_SUCCEEDED".equals(status)) {
      return null;
    }
    if (lower.contains("threshold") || lower.contains("too many")) {
      return UpstreamException.throttled(text, 200, untilNextUtcMidnight(clock));
    }
    if ("REQUEST_NOT_PROCESSED".equals(status) && lower.contains("try again")) {
      return UpstreamException.retryable(text, 200);
    }
    return UpstreamException.permanent(text, 200);
  }

  /** Whether BLS said it dropped years from the range asked for. */
  public static boolean yearRangeReduced(List<String> messages) {
    return messages.stream()
        .anyMatch(m -> m != null && m.toLowerCase(Locale.ROOT).contains(YEAR_RANGE_REDUCED));
  }

  /** For non-2xx answers: 429 throttled, 5xx retryable, the rest permanent. */
  public static UpstreamException fromResponse(
      int status, String body, Duration retryAfter, String url) {
    return null; // the shared classification is right for BLS transport errors
  }

  static Duration untilNextUtcMidnight(Clock clock) {
    var now = clock.instant();
    var midnight =
        LocalDate.ofInstant(now, ZoneOffset.UTC).plusDays(1).atStartOfDay(ZoneOffset.UTC);
    return Duration.between(now, midnight.toInstant());
  }
}
