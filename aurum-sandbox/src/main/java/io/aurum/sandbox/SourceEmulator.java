package io.aurum.sandbox;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;

/**
 * The emulator of one upstream API, registered on the API's real path prefix. Quotas, faults,
 * revisions and statistics are applied around it by the {@link Sandbox}; the emulator only answers
 * well-formed requests the way the real API does. Implementations are thread-safe.
 */
public interface SourceEmulator {

  /** The source name used by the admin API and statistics, e.g. {@code eia}. */
  String source();

  /** The real path prefix, e.g. {@code /v2/}. */
  String pathPrefix();

  /**
   * The UTC date of the request's start parameter, for statistics and {@code fail_dates}; null when
   * the request has none or it does not parse.
   */
  LocalDate startDate(SandboxRequest request);

  /**
   * The last date the request covers (inclusive), for {@code fail_dates}: a request fails when any
   * failing date lies from its start date to this one. An end given as an hour is read as the date
   * its hour belongs to in a US zone (12 hours earlier in UTC). Defaults to the start date.
   */
  default LocalDate endDate(SandboxRequest request) {
    return startDate(request);
  }

  SandboxResponse handle(SandboxRequest request);

  /** The source's own error payload for a status (400 for fail_dates, 429, 500, 503, …). */
  SandboxResponse error(int status, String message);

  /**
   * Takes the source's value fault, to serve its text for the chosen points; false (the default)
   * when this emulator does not emulate it.
   */
  default boolean badValues(BadValues values) {
    return false;
  }

  /** A body the source's clients cannot parse, as a misbehaving proxy or server would send. */
  default byte[] malformed(byte[] body) {
    return "<html><body><h1>502 Bad Gateway</h1></body></html>".getBytes(StandardCharsets.UTF_8);
  }
}
