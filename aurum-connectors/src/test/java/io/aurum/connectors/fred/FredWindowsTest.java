package io.aurum.connectors.fred;

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
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * FRED by fetch windows against the sandbox: one request per series for any range up to 100,000
 * observations a series, exactly what {@code windows()} predicts, never a {@code limit} over
 * 100,000 (which FRED answers with a 400).
 */
@Timeout(120)
class FredWindowsTest {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-06-15T16:00:00Z"), ZoneOffset.UTC);
  static final Dataset DAILY = WindowRun.dataset(SourceId.FRED, "FRED.RATES_DAILY");
  static final Dataset MONTHLY = WindowRun.dataset(SourceId.FRED, "FRED.MACRO_MONTHLY");
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

  static FredConnector connector(int limit) {
    ConnectorSettings s =
        ConnectorSettings.fromEnvironment(
            Map.of("AURUM_FRED_BASE_URL", proxy.baseUrl(), "FRED_API_KEY", "sandbox-key"));
    return new FredConnector(
        s,
        new UpstreamHttp(Duration.ofSeconds(10), Duration.ofSeconds(10), CLOCK, s.secrets()),
        limit);
  }

  static WindowRun backfill(Dataset d, String first, String last) {
    return WindowRun.backfill(
        connector(RequestLimits.FRED_MAX_LIMIT), d, LocalDate.parse(first), LocalDate.parse(last));
  }

  /** Every request named one series and a limit FRED accepts. */
  void requestsStayWithinFredsLimits() {
    assertThat(proxy.requests())
        .allSatisfy(
            r -> {
              assertThat(r.all("series_id")).hasSize(1);
              assertThat(Integer.parseInt(r.first("limit"))).isBetween(1, 100_000);
            });
    assertThat(sandbox.stats("fred").requests()).isEqualTo(proxy.requests().size());
  }

  @Test
  void a_daily_backfill_is_one_request_per_series_for_a_day_a_month_a_year_and_ten_years() {
    // FRED.RATES_DAILY has 3 series (DGS10, DGS2, DFF); a series has at most 3,653 observations
    // in ten years, far below FRED's 100,000 a request: one window, one request per series.
    // 1 day (Sunday 2024-11-03): 3 series x 1 request = 3 (only DFF has a row on a Sunday).
    backfill(DAILY, "2024-11-03", "2024-11-03").sentExactly(3).lostNoRow();
    // 1 month (2024-03): 3 x 1 = 3.
    backfill(DAILY, "2024-03-01", "2024-03-31").sentExactly(3).lostNoRow();
    // 1 year (2024, 366 days; 251 bond-market days): 3 x 1 = 3.
    WindowRun year = backfill(DAILY, "2024-01-01", "2024-12-31").sentExactly(3).lostNoRow();
    assertThat(year.windows).hasSize(1);
    // 10 years (2016-2025, 3,653 days): 3 x 1 = 3.
    WindowRun decade = backfill(DAILY, "2016-01-01", "2025-12-31").sentExactly(3).lostNoRow();
    assertThat(
            decade.rows.stream()
                .collect(Collectors.groupingBy(o -> o.seriesId(), Collectors.counting())))
        .containsEntry("DFF", 3_653L);
    requestsStayWithinFredsLimits();
    assertThat(sandbox.stats("fred").requests()).isEqualTo(3 + 3 + 3 + 3);
  }

  @Test
  void a_monthly_backfill_is_one_request_per_series_for_a_month_a_year_and_ten_years() {
    // FRED.MACRO_MONTHLY has 2 series (UNRATE, FEDFUNDS): one request per series per window.
    // 1 month (2024-03): 2. 1 year (2024, 12 months): 2. 10 years (120 months): 2.
    backfill(MONTHLY, "2024-03-01", "2024-03-31").sentExactly(2).lostNoRow();
    backfill(MONTHLY, "2024-01-01", "2024-12-31").sentExactly(2).lostNoRow();
    backfill(MONTHLY, "2016-01-01", "2025-12-31").sentExactly(2).lostNoRow();
    requestsStayWithinFredsLimits();
  }

  @Test
  void windows_page_by_the_limit_when_a_series_needs_more_than_one_page() {
    // With a limit of 50 observations: 10 years of 2 monthly series = 120 months; a window holds
    // at most 50 months (one page per series), so 50 + 50 + 20 months = 3 windows x 2 series = 6.
    WindowRun run =
        WindowRun.backfill(
            connector(50), MONTHLY, LocalDate.of(2016, 1, 1), LocalDate.of(2025, 12, 31));
    run.sentExactly(6).lostNoRow();
    assertThat(run.windowSizes()).containsExactly(50, 50, 20);
    assertThat(proxy.requests()).allMatch(r -> r.first("limit").equals("50"));
    // One request per series per window: no series is asked twice for the same window.
    assertThat(
            proxy.requests().stream()
                .collect(
                    Collectors.groupingBy(
                        r -> r.first("series_id") + r.first("observation_start"),
                        Collectors.counting())))
        .allSatisfy((k, n) -> assertThat(n).isEqualTo(1L));
  }

  @Test
  void a_window_fetched_in_one_go_past_the_limit_pages_by_offset_and_loses_no_row() {
    // One fetch of 2016-2025 with a limit of 1,000: DFF's 3,653 days take offsets 0, 1000, 2000,
    // 3000 (4 pages); DGS10 and DGS2 (2,609 weekdays each, "." on holidays) 3 pages each: 10.
    FredConnector c = connector(1000);
    Dataset d = DAILY;
    var rows =
        io.aurum.connectors.TestDatasets.fetch(
            c,
            d,
            LocalDate.of(2016, 1, 1).atStartOfDay(d.zone()).toInstant(),
            LocalDate.of(2026, 1, 1).atStartOfDay(d.zone()).toInstant(),
            Map.of());
    assertThat(sandbox.stats("fred").requests()).isEqualTo(10);
    assertThat(proxy.requests())
        .filteredOn(r -> r.first("series_id").equals("DFF"))
        .extracting(r -> r.first("offset"))
        .containsExactly("0", "1000", "2000", "3000");
    assertThat(
            rows.stream().collect(Collectors.groupingBy(o -> o.seriesId(), Collectors.counting())))
        .containsEntry("DFF", 3_653L);
    assertThat(
            rows.stream()
                .collect(Collectors.toMap(o -> o.seriesId() + o.period(), Function.identity()))
                .size())
        .isEqualTo(rows.size());
  }
}
