package io.aurum.connectors.http;

import java.util.Collection;

/**
 * Removes credentials from URLs and messages before they reach a log, an error or a report.
 *
 * <p>A credential is the value of any parameter whose name ends, in any ASCII case, with {@code
 * key} or {@code token} ({@code api_key}, {@code registrationkey}, {@code subscription-key}, {@code
 * access_token}, ...): everything after its {@code =} up to {@code &}, white space or a quote.
 * Every request's URL goes through here, so it is a scan for {@code =} rather than a regular
 * expression (which took a twentieth of a worker's time on large backfills).
 */
public final class Redaction {
  private static final String[] SUFFIXES = {"key", "token"};

  private Redaction() {}

  /** Replaces the value of every credential-like query parameter with {@code ***}. */
  public static String redact(String text) {
    if (text == null) {
      return null;
    }
    StringBuilder out = null;
    int copied = 0;
    int n = text.length();
    for (int eq = text.indexOf('='); eq >= 0; eq = text.indexOf('=', eq + 1)) {
      if (!credentialName(text, eq)) {
        continue;
      }
      int end = eq + 1;
      while (end < n && !endsValue(text.charAt(end))) {
        end++;
      }
      if (out == null) {
        out = new StringBuilder(n);
      }
      out.append(text, copied, eq + 1).append("***");
      copied = end;
      eq = end - 1; // an '=' inside the value is part of it
    }
    return out == null ? text : out.append(text, copied, n).toString();
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

  /** Whether the text before {@code eq} ends with a credential name. */
  private static boolean credentialName(String text, int eq) {
    for (String suffix : SUFFIXES) {
      int from = eq - suffix.length();
      if (from < 0) {
        continue;
      }
      boolean match = true;
      for (int i = 0; i < suffix.length() && match; i++) {
        char c = text.charAt(from + i);
        // ASCII case folding only: letters differ from their capitals by 0x20.
        match = c == suffix.charAt(i) || (c >= 'A' && c <= 'Z' && (c | 0x20) == suffix.charAt(i));
      }
      if (match) {
        return true;
      }
    }
    return false;
  }

  /** {@code &}, a quote or white space as {@code \s} has it: space, \t, \n, \u000B, \f, \r. */
  private static boolean endsValue(char c) {
    return c == '&'
        || c == '"'
        || c == '\''
        || c == ' '
        || c == '\t'
        || c == '\n'
        || c == '\u000B'
        || c == '\f'
        || c == '\r';
  }
}
