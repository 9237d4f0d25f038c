package io.aurum.app.server;

import io.aurum.core.error.AurumException;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Typed query parameters, each refused by its name with a one-line message. */
final class Query {
  static final int DEFAULT_LIMIT = 50;
  static final int MAX_LIMIT = 500;

  private Query() {}

  /** {@code limit}: 1 to {@link #MAX_LIMIT}, {@link #DEFAULT_LIMIT} when absent. */
  static int limit(Context ctx) {
    String v = ctx.queryParam("limit");
    if (v == null) {
      return DEFAULT_LIMIT;
    }
    try {
      int n = Integer.parseInt(v.trim());
      if (n >= 1 && n <= MAX_LIMIT) {
        return n;
      }
    } catch (NumberFormatException e) {
      // refused below
    }
    throw new AurumException.BadInput(
        "limit '" + v + "' is not a whole number from 1 to " + MAX_LIMIT + ": page with cursor");
  }

  /** {@code name} as an ISO instant or date (midnight UTC), or null when absent. */
  static Instant instant(Context ctx, String name) {
    String v = ctx.queryParam(name);
    if (v == null || v.isBlank()) {
      return null;
    }
    try {
      return v.length() == 10
          ? LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant()
          : Instant.parse(v);
    } catch (DateTimeParseException e) {
      throw new AurumException.BadInput(
          name
              + " '"
              + v
              + "' is not a date or an instant: use YYYY-MM-DD or 2026-01-31T00:00:00Z");
    }
  }

  /** {@code name} in lower case, or null when absent. */
  static String lower(Context ctx, String name) {
    String v = ctx.queryParam(name);
    return v == null || v.isBlank() ? null : v.trim().toLowerCase(Locale.ROOT);
  }
}
