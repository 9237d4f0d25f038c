package io.aurum.connectors.noaa;

import io.aurum.core.error.UpstreamException;
import java.time.Duration;
import java.util.Locale;

/**
 * Classifies CDO v2 errors (NOAA documents no body shape; the sandbox answers {@code
 * {"status":"400","message":"…"}}): 429 throttled; 5xx retryable; a missing or invalid token
 * permanent, naming {@code NOAA_TOKEN}; other 4xx permanent.
 */
public final class NoaaErrors {
  private NoaaErrors() {}

  public static UpstreamException fromResponse(
      int status, String body, Duration retryAfter, String url) {
    String snippet = body == null ? "" : body.replaceAll("\\s+", " ").trim();
    if (snippet.length() > 200) {
      snippet = snippet.substring(0, 200) + "…";
    }
    String text = "NOAA CDO error (HTTP " + status + "): " + snippet + " [" + url + "]";
    String lower = snippet.toLowerCase(Locale.ROOT);
    if (status == 429) {
      return UpstreamException.throttled(text, status, retryAfter);
    }
    if (status >= 500 || status == 408) {
      return UpstreamException.retryable(text, status);
    }
    if (lower.contains("token") || status == 401 || status == 403) {
      return UpstreamException.permanent(
          text + " (check the environment variable NOAA_TOKEN)", status);
    }
    return UpstreamException.permanent(text, status);
  }
}
