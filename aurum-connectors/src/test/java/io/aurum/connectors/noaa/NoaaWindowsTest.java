package io.aurum.connectors.noaa;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurum.connectors.ConnectorSettings;
import io.aurum.connectors.RecordingProxy;
import io.aurum.connectors.RequestLimits;
import io.aurum.connectors.WindowRun;
import io.aurum.connectors.http.UpstreamHttp;
import io.aurum.core.model.Dataset;
import io.aurum.core.model.SourceId;
import io.aurum.sandbox.Sandbox;
import io.aurum.sandbox.SandboxConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * NOAA CDO by fetch windows against the sandbox: windows within one year holding as many full pages
 * of 1,000 rows as a year of the dataset fills, exactly what {@code windows()} predicts; never a
 * range over a year or a {@code limit} over 1,000 (which CDO answers with a 400).
 */
@Timeout(60)
class NoaaWindowsTest {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-06-15T16:00:00Z"), ZoneOffset.UTC);
  static final Dataset TEMP = WindowRun.dataset(SourceId.NOAA, "NOAA.GHCND_TEMP");
  static final Dataset PRCP = WindowRun.dataset(SourceId.NOAA, "NOAA.GHCND_PRCP");
  static Sandbox sandbox;
  static RecordingProxy proxy;

  @BeforeAll
  static void start() {
    sandbox = Sandbox.start(SandboxConfig.defaults().withoutQuotas().withClock(CLOCK));
    proxy = new RecordingProxy(sandbox.baseUrl());
  }

  @AfterAll
  static void stop() {
    proxy.close();
    sandbox.close();
  }

  @BeforeEach
  void reset() {
    sandbox.reset();
    proxy.clear();
  }

  static NoaaConnector connector() {
    ConnectorSettings s =
        ConnectorSettings.fromEnvironment(
            Map.of("AURUM_NOAA_BASE_URL", proxy.baseUrl(), "NOAA_TOKEN", "sandbox-key"));
    return new NoaaConnector(
        s,
        new UpstreamHttp(Duration.ofSeconds(10), Duration.ofSeconds(10), CLOCK, s.secrets()),
        RequestLimits.NOAA_MAX_LIMIT);
  }

  static WindowRun backfill(Dataset d, String first, String last) {
    return WindowRun.backfill(connector(), d, LocalDate.parse(first), LocalDate.parse(last));
  }

  /** Every query within a year and a page of at most 1,000; offsets 1-based in steps of 1,000. */
  void queriesStayWithinCdosLimits() {
    assertThat(proxy.requests()).isNotEmpty();
    for (RecordingProxy.Request r : proxy.requests()) {
      LocalDate start = LocalDate.parse(r.first("startdate"));
      LocalDate end = LocalDate.parse(r.first("enddate"));
      assertThat(end).isBefore(start.plusYears(1));
      assertThat(Integer.parseInt(r.first("limit"))).isBetween(1, 1000);
      assertThat((Long.parseLong(r.first("offset")) - 1) % 1000).isZero();
    }
    assertThat(sandbox.stats("noaa").faults()).isZero();
  }

  @Test
  void temperatures_take_two_full_pages_per_window_of_333_days() {
    // NOAA.GHCND_TEMP: 3 stations x (TMAX, TMIN) = 6 rows a day. A year of them (6 x 365 =
    // 2,190 rows) fills 2 full pages of 1,000, so a window holds at most 2,000 rows: 333 days
    // (1,998 rows, 2 requests), within CDO's one-year range.
    // 1 day (2024-11-03): 6 rows -> 1. 1 month (2024-03): 186 rows -> 1.
    backfill(TEMP, "2024-11-03", "2024-11-03").sentExactly(1).lostNoRow();
    backfill(TEMP, "2024-03-01", "2024-03-31").sentExactly(1).lostNoRow();
    // 1 year (2024, 366 days): 333 days (2 pages) + 33 days (198 rows, 1 page) = 3
    // (= ceil(2,196 / 1,000)).
    WindowRun year = backfill(TEMP, "2024-01-01", "2024-12-31").sentExactly(3).lostNoRow();
    assertThat(year.windowSizes()).containsExactly(333, 33);
    // 10 years (2016-2025, 3,653 days): 10 windows of 333 days (2 pages each) + 323 days
    // (1,938 rows, 2 pages) = 22 (= ceil(21,918 / 1,000)).
    WindowRun decade = backfill(TEMP, "2016-01-01", "2025-12-31").sentExactly(22).lostNoRow();
    assertThat(decade.windowSizes()).hasSize(11).startsWith(333).endsWith(323);
    queriesStayWithinCdosLimits();
    assertThat(proxy.requests()).extracting(r -> r.first("offset")).containsOnly("1", "1001");
  }

  @Test
  void precipitation_takes_one_page_per_window_of_333_days() {
    // NOAA.GHCND_PRCP: 3 stations x PRCP = 3 rows a day; a year (1,095 rows) fills 1 full page,
    // so a window holds at most 1,000 rows: 333 days (999 rows), 1 request.
    // 1 day: 1. 1 month (2024-03, 93 rows): 1. 1 year (2024): 333 + 33 days = 2.
    // 10 years: 10 x 333 + 323 days = 11 windows = 11 (= ceil(10,959 / 1,000)).
    backfill(PRCP, "2024-11-03", "2024-11-03").sentExactly(1).lostNoRow();
    backfill(PRCP, "2024-03-01", "2024-03-31").sentExactly(1).lostNoRow();
    backfill(PRCP, "2024-01-01", "2024-12-31").sentExactly(2).lostNoRow();
    backfill(PRCP, "2016-01-01", "2025-12-31").sentExactly(11).lostNoRow();
    queriesStayWithinCdosLimits();
  }

  @Test
  void option_series_narrows_the_stations_and_windows_count_what_the_query_returns() {
    // Two series of one station: the query asks that station for TMAX and TMIN, 2 rows a day:
    // a window of at most 2 pages covers up to a year, so 2024 (732 rows) is 1 request.
    NoaaConnector c = connector();
    List<String> series = List.of("USW00094728-TMAX", "USW00094728-TMIN");
    var partitions =
        WindowRun.partitions(TEMP, LocalDate.of(2024, 1, 1), LocalDate.of(2024, 12, 31));
    var windows = c.windows(TEMP, partitions, series);
    assertThat(windows).hasSize(1);
    assertThat(windows.get(0).requests()).isEqualTo(1);
    var rows = new java.util.ArrayList<io.aurum.core.model.Observation>();
    c.fetch(
        new io.aurum.core.port.Connector.FetchRequest(
            TEMP,
            windows.get(0).first(),
            windows.get(0).from(),
            windows.get(0).to(),
            Map.of("series", String.join(",", series))),
        io.aurum.core.port.FetchContext.UNLIMITED,
        rows::add);
    assertThat(rows).hasSize(732).allMatch(o -> series.contains(o.seriesId()));
    assertThat(proxy.requests()).hasSize(1);
    assertThat(proxy.requests().get(0).all("stationid")).containsExactly("GHCND:USW00094728");
  }
}
