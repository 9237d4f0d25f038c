package io.aurum.connectors.eia;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aurum.core.error.UpstreamException;
import java.io.IOException;
import java.time.Duration;

/**
 * Classifies EIA errors, whether signalled by the status or in the body ({@code {"error":{"code":
 * "API_KEY_MISSING","message":…}}} or {@code {"error":"…","code":400}}; the body wins because EIA's
 * status has been known to disagree with it): rate limits are throttled, 5xx retryable, key and
 * parameter errors permanent.
 */
public final class EiaErrors {
  private static final ObjectMapper JSON = new ObjectMapper();

  private EiaErrors() {}

  /** {@link io.aurum.connectors.http.UpstreamHttp.ErrorDecoder} for non-2xx EIA answers. */
  public static UpstreamException fromResponse(
      int status, String body, Duration retryAfter, String url) {
    String code = null;
    String message = null;
    Integer bodyStatus = null;
    try {
      JsonNode root = JSON.readTree(body);
      JsonNode error = root == null ? null : root.get("error");
      if (error != null && error.isObject()) {
        code = text(error.get("code"));
        message = text(error.get("message"));
      } else if (error != null) {
        message = error.asText();
        JsonNode c = root.get("code");
        bodyStatus = c != null && c.canConvertToInt() ? c.asInt() : null;
      }
    } catch (IOException | RuntimeException notJson) {
      // the status alone decides
    }
    if (message == null && code == null) {
      return null;
    }
    return classify(status, bodyStatus, code, message, retryAfter, url);
  }

  /**
   * Classifies an error; {@code httpStatus} is what the transport said, {@code bodyStatus} the
   * body.
   */
  public static UpstreamException classify(
      Integer httpStatus,
      Integer bodyStatus,
      String code,
      String message,
      Duration retryAfter,
      String url) {
    int status = bodyStatus != null ? bodyStatus : httpStatus != null ? httpStatus : 400;
    String text =
        "EIA error"
            + (code == null ? "" : " " + code)
            + " (HTTP "
            + (httpStatus == null ? "?" : httpStatus)
            + ")"
            + (message == null ? "" : ": " + message)
            + " ["
            + url
            + "]";
    if ("API_KEY_MISSING".equals(code) || "API_KEY_INVALID".equals(code)) {
      return UpstreamException.permanent(
          text + " (check the environment variable EIA_API_KEY)", httpStatus);
    }
    if ("OVER_RATE_LIMIT".equals(code) || status == 429) {
      return UpstreamException.throttled(text, httpStatus, retryAfter);
    }
    if (status >= 500 || status == 408) {
      return UpstreamException.retryable(text, httpStatus);
    }
    return UpstreamException.permanent(text, httpStatus);
  }

  private static String text(JsonNode n) {
    return n == null || n.isNull() ? null : n.asText();
  }
}
