package io.aurum.connectors.http;

import java.io.IOException;

/**
 * A response body, an archive member or a line is larger than its configured limit ({@link
 * io.aurum.connectors.UpstreamLimits}). Not a transient fault: the task fails permanently, with
 * this message as the reason. Thrown by the streams and parsers that read upstream bytes.
 */
public final class SizeLimitExceeded extends IOException {
  public SizeLimitExceeded(String message) {
    super(message, null);
  }

  /** A name an upstream chose (an archive member's), safe to print: no controls, at most 100. */
  public static String printable(String name) {
    String s = name.replaceAll("\\p{Cntrl}", "?");
    return s.length() > 100 ? s.substring(0, 100) + "…" : s;
  }

  /** The limit exceeded somewhere in {@code t}'s causes, or null. */
  static SizeLimitExceeded in(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof SizeLimitExceeded s) {
        return s;
      }
    }
    return null;
  }
}
