package io.aurum.connectors.eia;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurum.connectors.ConnectorSettings;
import io.aurum.connectors.RecordingProxy;
import io.aurum.connectors.Upstream;
import io.aurum.connectors.UpstreamLimits;
import io.aurum.connectors.WindowRun;
import io.aurum.connectors.http.UpstreamHttp;
import io.aurum.core.fetch.FetchWindow;
import io.aurum.core.model.Dataset;
import io.aurum.core.model.SourceId;
import io.aurum.sandbox.Sandbox;
import io.aurum.sandbox.SandboxConfig;
import io.aurum.sandbox.eia.EiaEmulator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * EIA by fetch windows against the sandbox: windows of whole days holding at most one page of 5,000
 * rows, one request each, exactly what {@code windows()} predicts; {@code length} never over 5,000;
 * a page cut short (fewer rows than {@code min(length, total - offset)}, with the "incomplete
 * return" warning) is followed by offset paging and loses no row.
 */
@Timeout(120)
class EiaWindowsTest {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-06-15T16:00:00Z"), ZoneOffset.UTC);
  static final Dataset DEMAND = WindowRun.dataset(SourceId.EIA, "ELEC.DEMAND");
  static final Dataset GEN = WindowRun.dataset(SourceId.EIA, "ELEC.GEN");
  static final Dataset PRICE = WindowRun.dataset(SourceId.EIA, "ELEC.PRICE");
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

  @AfterEach
  void uncap() {
    ((EiaEmulator) sandbox.emulator("eia")).rowCap(5000);
  }

  static EiaConnector connector() {
    ConnectorSettings s =
        ConnectorSettings.fromEnvironment(
            Map.of("AURUM_EIA_BASE_URL", proxy.baseUrl(), "EIA_API_KEY", "sandbox-key"));
    return new EiaConnector(
        s, new UpstreamHttp(Duration.ofSeconds(10), Duration.ofSeconds(10), CLOCK, s.secrets()));
  }

  static WindowRun backfill(Dataset d, String first, String last) {
    return WindowRun.backfill(connector(), d, LocalDate.parse(first), LocalDate.parse(last));
  }

  /** Every page asked for at most 5,000 rows, sorted by period. */
  void pagesStayWithinEiasLimit() {
    assertThat(proxy.requests())
        .isNotEmpty()
        .allSatisfy(
            r -> {
              assertThat(Integer.parseInt(r.first("length"))).isBetween(1, 5000);
              assertThat(r.first("sort[0][column]")).isEqualTo("period");
            });
  }

  @Test
  void hourly_demand_is_one_request_per_5000_rows_of_whole_days() {
    // ELEC.DEMAND: 5 series x 24 hours = 120 rows a day (115 on the spring-forward day, 125 on
    // the fall-back day). A window of whole days holds at most 5,000 rows: 41 days = 4,920
    // (42 days = 5,040 or at best 5,035 > 5,000), and each window is one request.
    // 1 day (2024-11-03, 25 hours): 125 rows -> 1 window -> 1.
    backfill(DEMAND, "2024-11-03", "2024-11-03").sentExactly(1).lostNoRow();
    // 1 month (2024-03, spring-forward on the 10th): 31 x 120 - 5 = 3,715 rows -> 1.
    backfill(DEMAND, "2024-03-01", "2024-03-31").sentExactly(1).lostNoRow();
    // 1 year (2024): 366 days x 24 h x 5 series = 43,920 rows; windows of 41 days: 8 x 41 = 328
    // days + 38 -> 9 windows = 9 requests (= ceil(43,920 / 5,000), the fewest pages there are).
    WindowRun year = backfill(DEMAND, "2024-01-01", "2024-12-31").sentExactly(9).lostNoRow();
    assertThat(year.windowSizes()).containsExactly(41, 41, 41, 41, 41, 41, 41, 41, 38);
    // 10 years (2016-2025): 3,653 days = 438,360 rows; 89 windows of 41 days (3,649) + 4 days
    // -> 90 requests (the fewest pages: ceil(438,360 / 5,000) = 88).
    backfill(DEMAND, "2016-01-01", "2025-12-31").sentExactly(90).lostNoRow();
    pagesStayWithinEiasLimit();
    assertThat(sandbox.stats("eia").requests()).isEqualTo(1 + 1 + 9 + 90);
  }

  @Test
  void page_rows_of_upstream_limits_makes_smaller_pages_and_windows() {
    // page_rows 240: two days of ELEC.DEMAND (2 x 120 rows) a page, so March 2024 (31 days,
    // 3,715 rows) is 16 windows of 2 days (the last one day; the spring-forward day is 115 rows,
    // still a pair within 240), each one request asking for length=240.
    ConnectorSettings s =
        ConnectorSettings.fromEnvironment(
                Map.of("AURUM_EIA_BASE_URL", proxy.baseUrl(), "EIA_API_KEY", "sandbox-key"))
            .withLimits(Map.of(Upstream.EIA, UpstreamLimits.DEFAULTS.withPageRows(240)));
    EiaConnector c =
        new EiaConnector(
            s,
            new UpstreamHttp(Duration.ofSeconds(10), Duration.ofSeconds(10), CLOCK, s.secrets()));
    WindowRun run =
        WindowRun.backfill(c, DEMAND, LocalDate.of(2024, 3, 1), LocalDate.of(2024, 3, 31))
            .sentExactly(16)
            .lostNoRow();
    assertThat(run.windowSizes()).hasSize(16).allMatch(n -> n <= 2);
    assertThat(proxy.requests()).allSatisfy(r -> assertThat(r.first("length")).isEqualTo("240"));
  }

  @Test
  void hourly_generation_packs_like_demand() {
    // ELEC.GEN: PJM x 5 fuel types = 5 series, 120 rows a day: 1 year = 9 windows, 9 requests.
    backfill(GEN, "2024-01-01", "2024-12-31").sentExactly(9).lostNoRow();
    pagesStayWithinEiasLimit();
  }

  @Test
  void monthly_prices_are_one_request_up_to_1000_months() {
    // ELEC.PRICE: 5 series x 1 row a month. 1 month: 5 rows; 1 year: 60; 10 years: 600 rows,
    // all within one page of 5,000 -> 1 request each.
    backfill(PRICE, "2024-03-01", "2024-03-31").sentExactly(1).lostNoRow();
    backfill(PRICE, "2024-01-01", "2024-12-31").sentExactly(1).lostNoRow();
    backfill(PRICE, "2016-01-01", "2025-12-31").sentExactly(1).lostNoRow();
    pagesStayWithinEiasLimit();
  }

  @Test
  void a_page_cut_short_is_followed_by_offset_paging_and_loses_no_row() {
    // A server that cuts at 3,000 rows (with "incomplete return" and the full total): the first
    // window of 2024 (41 days, 4,920 rows, predicted 1 request) takes 2: offset 0 gives 3,000
    // rows, fewer than min(5,000, 4,920); offset 3,000 gives the other 1,920.
    ((EiaEmulator) sandbox.emulator("eia")).rowCap(3000);
    EiaConnector c = connector();
    var partitions =
        WindowRun.partitions(DEMAND, LocalDate.of(2024, 1, 1), LocalDate.of(2024, 2, 10));
    var windows = c.windows(DEMAND, partitions, java.util.List.of());
    assertThat(windows).hasSize(1).extracting(FetchWindow::requests).containsExactly(1);
    WindowRun run =
        WindowRun.backfill(c, DEMAND, LocalDate.of(2024, 1, 1), LocalDate.of(2024, 2, 10));
    assertThat(run.sent).isEqualTo(2);
    assertThat(run.rows).hasSize(4_920);
    run.lostNoRow();
    assertThat(run.noDuplicates()).isTrue();
    assertThat(proxy.requests()).extracting(r -> r.first("offset")).containsExactly("0", "3000");
    pagesStayWithinEiasLimit();
  }
}
