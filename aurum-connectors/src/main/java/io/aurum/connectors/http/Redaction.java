package io.aurum.connectors.http;

import java.util.Collection;
import java.util.regex.Pattern;

/** Removes credentials from URLs and messages before they reach a log, an error or a report. */
public final class Redaction {
  private static final Pattern SECRET_PARAM =
      Pattern.compile(
          "(?i)((?:api_key|apikey|api-key|registrationkey|token|access_token|subscription-key|key)=)[^&\\s\"']*");

  private Redaction() {}

  /** Replaces the value of every credential-like query parameter with {@code ***}. */
  public static String redact(String text) {
    return text == null ? null : SECRET_PARAM.matcher(text).replaceAll("$1***");
  }

  /** {@link #redact(String)} plus every known secret value wherever it appears. */
  public static String redact(String text, Collection<String> secrets) {
    String out = redact(text);
    if (out != null) {
      for (String s : secrets) {
        if (s != null && !s.isEmpty()) {
          out = out.replace(s, "***");
        }
      }
    }
    return out;
  }
}
