package io.aurum.connectors.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.aurum.connectors.ConnectorSettings;
import io.aurum.connectors.TestDatasets;
import io.aurum.connectors.Upstream;
import io.aurum.connectors.UpstreamLimits;
import io.aurum.connectors.eia.EiaConnector;
import io.aurum.connectors.iso.IsoConnector;
import io.aurum.core.error.UpstreamException;
import io.aurum.core.model.Dataset;
import io.aurum.core.port.Connector;
import io.aurum.sandbox.Sandbox;
import io.aurum.sandbox.SandboxConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A hostile upstream over real HTTP (the sandbox's fault injection): a body that drips misses the
 * request's overall deadline (retryable); a Retry-After beyond the cap says so; a body, an archive
 * member or a line past its size limit fails permanently, having read no more than the limit.
 */
@Timeout(60)
class HostileUpstreamTest {
  final Sandbox sandbox = Sandbox.start(SandboxConfig.defaults().withoutQuotas());

  @AfterEach
  void stop() {
    sandbox.close();
  }

  ConnectorSettings settings() {
    Map<String, String> env = new HashMap<>();
    for (Upstream u : Upstream.values()) {
      env.put(u.baseUrlVariable(), sandbox.baseUrl());
    }
    env.put("EIA_API_KEY", "k-0123456789");
    return ConnectorSettings.fromEnvironment(env);
  }

  static ConnectorSettings with(ConnectorSettings s, Upstream u, UpstreamLimits l) {
    return s.withLimits(Map.of(u, l));
  }

  static UpstreamException fails(Connector c, Dataset d, LocalDate day) {
    return catchThrowableOfType(() -> TestDatasets.fetch(c, d, day), UpstreamException.class);
  }

  static Connector eia(ConnectorSettings s) {
    return new EiaConnector(s);
  }

  static Connector iso(ConnectorSettings s) {
    return new IsoConnector(s, Clock.systemUTC());
  }

  static Dataset demand() {
    return io.aurum.connectors.eia.EiaFixtures.demand();
  }

  @Test
  void a_body_dripping_three_bytes_a_second_misses_the_deadline_as_retryable() {
    sandbox.faults("eia").dripBytesPerSecond(3);
    ConnectorSettings s =
        with(settings(), Upstream.EIA, UpstreamLimits.DEFAULTS.withDeadline(Duration.ofSeconds(2)));
    long t0 = System.nanoTime();
    UpstreamException e = fails(eia(s), demand(), LocalDate.of(2024, 3, 10));
    Duration took = Duration.ofNanos(System.nanoTime() - t0);
    assertThat(e).isNotNull();
    assertThat(e.retryable()).isTrue();
    assertThat(e.throttled()).isFalse();
    assertThat(e.getMessage())
        .contains(
            "timed out after", "reading the body", "deadline is 2 s (deadline_seconds of eia)")
        .doesNotContain("k-0123456789");
    // Each read got its bytes: only the overall deadline can end this.
    assertThat(took)
        .isGreaterThanOrEqualTo(Duration.ofSeconds(2))
        .isLessThan(Duration.ofSeconds(20));
  }

  @Test
  void a_retry_after_beyond_the_cap_is_reported_as_such_in_every_form() {
    ConnectorSettings s = settings();
    for (String header : new String[] {"99999999999", "Thu, 01 Jan 2099 00:00:00 GMT", "3600"}) {
      sandbox.faults("eia").throttleNext(1, header);
      UpstreamException e = fails(eia(s), demand(), LocalDate.of(2024, 3, 10));
      assertThat(e.beyondRetryCap()).as(header).isTrue();
      assertThat(e.retryable()).isTrue();
      assertThat(e.getMessage())
          .contains("HTTP 429", "Retry-After: " + header, "more than the 15 min cap")
          .contains("max_retry_after_seconds of eia");
    }
  }

  @Test
  void a_retry_after_within_the_cap_is_an_ordinary_throttle() {
    sandbox.faults("eia").throttleNext(1, "600");
    UpstreamException e = fails(eia(settings()), demand(), LocalDate.of(2024, 3, 10));
    assertThat(e.beyondRetryCap()).isFalse();
    assertThat(e.throttled()).isTrue();
    assertThat(e.retryAfter()).contains(Duration.ofMinutes(10));
    // The cap is the source's own.
    sandbox.faults("eia").throttleNext(1, "600");
    ConnectorSettings tight =
        with(
            settings(),
            Upstream.EIA,
            UpstreamLimits.DEFAULTS.withMaxRetryAfter(Duration.ofMinutes(5)));
    assertThat(fails(eia(tight), demand(), LocalDate.of(2024, 3, 10)).beyondRetryCap()).isTrue();
  }

  @Test
  void a_body_past_its_limit_fails_permanently_from_content_length_or_while_streaming() {
    ConnectorSettings small =
        with(settings(), Upstream.EIA, UpstreamLimits.DEFAULTS.withMaxBodyBytes(1000));
    UpstreamException declared = fails(eia(small), demand(), LocalDate.of(2024, 3, 10));
    assertThat(declared.retryable()).isFalse();
    assertThat(declared.getMessage())
        .contains("larger than 1000 bytes (max_body_bytes of eia)", "not retried");
    // A chunked body (no Content-Length) of 8 MiB is stopped at 1 MiB, as it streams.
    sandbox.faults("nyiso").hugeLine(8L << 20);
    ConnectorSettings mib =
        with(
            settings(),
            Upstream.NYISO,
            UpstreamLimits.DEFAULTS.withMaxBodyBytes(1L << 20).withMaxLineBytes(64 << 20));
    UpstreamException streamed = fails(iso(mib), TestDatasets.nyiso(true), currentMonthDay());
    assertThat(streamed.retryable()).isFalse();
    assertThat(streamed.getMessage()).contains("is larger than 1 MiB (max_body_bytes of nyiso)");
  }

  /** A day of the current month in New York: NYISO serves it as a daily CSV, not the archive. */
  static LocalDate currentMonthDay() {
    LocalDate today = LocalDate.now(TestDatasets.NY);
    return today.getDayOfMonth() > 1 ? today.minusDays(1) : today;
  }

  @Test
  void a_json_name_past_jacksons_limit_fails_permanently() {
    sandbox.faults("eia").hugeLine(64L << 20);
    UpstreamException e = fails(eia(settings()), demand(), LocalDate.of(2024, 3, 10));
    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage()).contains("exceeds a JSON limit", "Name length");
  }

  @Test
  void a_caiso_zip_bomb_stops_at_the_member_limit_permanently() {
    sandbox.faults("caiso").zipBomb(1L << 30);
    ConnectorSettings s =
        with(settings(), Upstream.CAISO, UpstreamLimits.DEFAULTS.withMaxMemberBytes(16L << 20));
    UpstreamException e = fails(iso(s), TestDatasets.caiso(), LocalDate.of(2024, 6, 12));
    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage())
        .contains("archive member", "is larger than 16 MiB (max_member_bytes of caiso)");
    // The bomb is small on the wire: the limit, not the body, stopped it.
    assertThat(e.getMessage()).doesNotContain("max_body_bytes");
  }

  @Test
  void a_two_gib_line_in_a_caiso_member_fails_at_the_line_limit() {
    sandbox.faults("caiso").hugeLine(2L << 30);
    UpstreamException e = fails(iso(settings()), TestDatasets.caiso(), LocalDate.of(2024, 6, 12));
    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage()).contains("is longer than 1 MiB (max_line_bytes of caiso)");
  }

  @Test
  void a_two_gib_line_in_a_nyiso_csv_fails_at_the_line_limit() {
    sandbox.faults("nyiso").hugeLine(2L << 30);
    // Noon of a day of the current month: the daily CSV, not the archive, is read.
    LocalDate today = LocalDate.now(TestDatasets.NY);
    UpstreamException e =
        fails(
            iso(settings()),
            TestDatasets.nyiso(true),
            today.minusDays(today.getDayOfMonth() > 1 ? 1 : 0));
    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage()).contains("is longer than 1 MiB (max_line_bytes of nyiso)");
  }

  @Test
  void a_nyiso_archive_bomb_stops_at_the_member_limit() {
    sandbox.faults("nyiso").zipBomb(1L << 30);
    ConnectorSettings s =
        with(settings(), Upstream.NYISO, UpstreamLimits.DEFAULTS.withMaxMemberBytes(16L << 20));
    // A finished month: its archive is read.
    UpstreamException e = fails(iso(s), TestDatasets.nyiso(true), LocalDate.of(2024, 6, 12));
    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage()).contains("is larger than 16 MiB (max_member_bytes of nyiso)");
  }

  @Test
  void a_caiso_answer_of_valid_rows_past_the_row_cap_fails_permanently() {
    // 64 MiB of rows the dataset keeps, about 340,000: under every byte limit.
    sandbox.faults("caiso").manyRows(64L << 20);
    ConnectorSettings s =
        with(settings(), Upstream.CAISO, UpstreamLimits.DEFAULTS.withMaxRowsPerRequest(10_000));
    UpstreamException e = fails(iso(s), TestDatasets.caiso(), LocalDate.of(2024, 6, 12));
    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage())
        .contains("holds more than 10000 rows (max_rows_per_request of caiso)")
        .contains("narrow the window", "raise max_rows_per_request in upstream_limits.json")
        .contains("not retried, the task fails")
        .doesNotContain("max_member_bytes", "\n");
  }

  @Test
  void a_nyiso_archive_of_valid_rows_past_the_row_cap_fails_permanently() {
    sandbox.faults("nyiso").manyRows(32L << 20);
    ConnectorSettings s =
        with(settings(), Upstream.NYISO, UpstreamLimits.DEFAULTS.withMaxRowsPerRequest(5_000));
    // The first day of a finished month: the archive's first member, the one the fault fills.
    UpstreamException e = fails(iso(s), TestDatasets.nyiso(true), LocalDate.of(2024, 6, 1));
    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage())
        .contains("holds more than 5000 rows (max_rows_per_request of nyiso)");
  }

  @Test
  void an_eia_page_stops_at_the_row_past_its_upstreams_cap_and_not_at_another_upstreams() {
    LocalDate day = LocalDate.of(2024, 3, 10);
    int rows = TestDatasets.fetch(eia(settings()), demand(), day).size();
    assertThat(rows).isGreaterThan(1);
    // CAISO's cap is nothing to EIA; EIA's own at exactly the page's rows lets it through.
    ConnectorSettings exact =
        settings()
            .withLimits(
                Map.of(
                    Upstream.CAISO, UpstreamLimits.DEFAULTS.withMaxRowsPerRequest(1),
                    Upstream.EIA, UpstreamLimits.DEFAULTS.withMaxRowsPerRequest(rows)));
    assertThat(TestDatasets.fetch(eia(exact), demand(), day)).hasSize(rows);
    ConnectorSettings under =
        with(settings(), Upstream.EIA, UpstreamLimits.DEFAULTS.withMaxRowsPerRequest(rows - 1));
    UpstreamException e = fails(eia(under), demand(), day);
    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage())
        .contains("holds more than " + (rows - 1) + " rows (max_rows_per_request of eia)");
  }
}
