package io.aurum.connectors.fred;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aurum.core.error.UpstreamException;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Classifies FRED errors from {@code {"error_code":400,"error_message":"…"}} or the XML form {@code
 * <error code="400" message="…"/>} (FRED may label either as text/xml, so the body decides, not the
 * Content-Type): 429 throttled; 5xx and 423 retryable; an unset or unregistered {@code api_key}
 * permanent, naming {@code FRED_API_KEY}; other 4xx permanent.
 */
public final class FredErrors {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern XML =
      Pattern.compile("<error\\s+code=\"(\\d+)\"\\s+message=\"([^\"]*)\"");

  private FredErrors() {}

  /** {@link io.aurum.connectors.http.UpstreamHttp.ErrorDecoder} for non-2xx FRED answers. */
  public static UpstreamException fromResponse(
      int status, String body, Duration retryAfter, String url) {
    Integer code = null;
    String message = null;
    try {
      JsonNode root = JSON.readTree(body);
      if (root != null && root.has("error_message")) {
        message = root.get("error_message").asText();
        code = root.path("error_code").canConvertToInt() ? root.get("error_code").asInt() : null;
      }
    } catch (Exception notJson) {
      Matcher m = XML.matcher(body == null ? "" : body);
      if (m.find()) {
        code = Integer.parseInt(m.group(1));
        message = m.group(2);
      }
    }
    return classify(status, message, retryAfter, url, code == null ? "" : "code " + code);
  }

  public static UpstreamException classify(
      int status, String message, Duration retryAfter, String url, String detail) {
    String text =
        "FRED error (HTTP "
            + status
            + (detail.isEmpty() ? "" : ", " + detail)
            + ")"
            + (message == null ? "" : ": " + message)
            + " ["
            + url
            + "]";
    String lower = message == null ? "" : message.toLowerCase(Locale.ROOT);
    if (status == 429) {
      return UpstreamException.throttled(text, status, retryAfter);
    }
    if (status >= 500 || status == 423 || status == 408) {
      return UpstreamException.retryable(text, status);
    }
    if (lower.contains("api_key")) {
      return UpstreamException.permanent(
          text + " (check the environment variable FRED_API_KEY)", status);
    }
    return UpstreamException.permanent(text, status);
  }
}
