package io.aurum.connectors.iso;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurum.connectors.ConnectorSettings;
import io.aurum.connectors.RecordingProxy;
import io.aurum.connectors.RequestLimits;
import io.aurum.connectors.WindowRun;
import io.aurum.connectors.http.UpstreamHttp;
import io.aurum.core.fetch.FetchWindow;
import io.aurum.core.model.Dataset;
import io.aurum.core.model.PartitionKey;
import io.aurum.core.model.SourceId;
import io.aurum.sandbox.Sandbox;
import io.aurum.sandbox.SandboxConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * NYISO, CAISO and PJM by fetch windows against the sandbox: each market's windows, exactly what
 * {@code windows()} predicts, every request within its API's limits. The clock is 2026-06-15 12:00
 * EDT, so every month before June 2026 is finished for NYISO.
 */
@Timeout(180)
class IsoWindowsTest {
  static final Instant NOW = Instant.parse("2026-06-15T16:00:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  static final Dataset NYISO_DA = WindowRun.dataset(SourceId.ISO, "NYISO.DA_LBMP");
  static final Dataset NYISO_5MIN = WindowRun.dataset(SourceId.ISO, "NYISO.RT_LBMP_5MIN");
  static final Dataset CAISO = WindowRun.dataset(SourceId.ISO, "CAISO.DA_LMP");
  static final Dataset PJM = WindowRun.dataset(SourceId.ISO, "PJM.RT_LMP");
  static final DateTimeFormatter OASIS = DateTimeFormatter.ofPattern("yyyyMMdd'T'HH:mmZ");
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

  static IsoConnector connector() {
    Map<String, String> env = new HashMap<>();
    for (String u : new String[] {"NYISO", "CAISO", "PJM"}) {
      env.put("AURUM_" + u + "_BASE_URL", proxy.baseUrl());
    }
    env.put("PJM_API_KEY", "sandbox-key");
    ConnectorSettings s = ConnectorSettings.fromEnvironment(env);
    return new IsoConnector(
        s,
        new UpstreamHttp(Duration.ofSeconds(20), Duration.ofSeconds(20), CLOCK, s.secrets()),
        RequestLimits.PJM_MAX_ROW_COUNT,
        CLOCK);
  }

  static WindowRun backfill(Dataset d, String first, String last) {
    return WindowRun.backfill(connector(), d, LocalDate.parse(first), LocalDate.parse(last));
  }

  @Test
  void nyiso_a_finished_month_is_one_request_for_its_archive() {
    // NYISO.DA_LBMP, 11 zones x 24 hours: every day of a finished month comes from one request
    // for the month's archive {YYYYMM01}damlbmp_zone_csv.zip, however many days are needed.
    // 1 day (2024-11-03, 25 hours): 1. 1 month (2024-03): 1. 1 year (2024): 12 months = 12.
    // 10 years (2016-2025): 120 months = 120.
    backfill(NYISO_DA, "2024-11-03", "2024-11-03").sentExactly(1).lostNoRow();
    backfill(NYISO_DA, "2024-03-01", "2024-03-31").sentExactly(1).lostNoRow();
    backfill(NYISO_DA, "2024-01-01", "2024-12-31").sentExactly(12).lostNoRow();
    backfill(NYISO_DA, "2016-01-01", "2025-12-31").sentExactly(120).lostNoRow();
    assertThat(proxy.requests())
        .extracting(RecordingProxy.Request::path)
        .allMatch(p -> p.matches("/public/csv/damlbmp/\\d{6}01damlbmp_zone_csv\\.zip"));
  }

  @Test
  void nyiso_days_of_the_current_month_are_one_daily_csv_each_and_today_two() {
    // June 2026 up to today, the 15th: 15 windows of one day, one daily CSV each = 15.
    backfill(NYISO_DA, "2026-06-01", "2026-06-15").sentExactly(15).lostNoRow();
    assertThat(proxy.requests())
        .extracting(RecordingProxy.Request::path)
        .allMatch(p -> p.matches("/public/csv/damlbmp/202606\\d\\ddamlbmp_zone\\.csv"));
    proxy.clear();
    // The 5-minute file: the 1st to the 14th are one daily CSV each (14); today is live, so its
    // latest-interval file is read first, then its daily CSV (2): 16. A finished month's day
    // (2026-05-31) is its archive: 1.
    WindowRun june = backfill(NYISO_5MIN, "2026-06-01", "2026-06-15").sentExactly(16);
    assertThat(june.windows).hasSize(15);
    backfill(NYISO_5MIN, "2026-05-31", "2026-05-31").sentExactly(1).lostNoRow();
    assertThat(proxy.requests().get(proxy.requests().size() - 1).path())
        .isEqualTo("/public/csv/realtime/20260501realtime_zone_csv.zip");
  }

  @Test
  void nyiso_a_month_ends_for_the_five_minute_file_an_hour_after_its_last_day() {
    // At 00:30 EDT on June 1 the last interval of May 31 may still be RTC: May is not finished,
    // so May 31 is its daily CSV and the latest file (2); at 01:00 it is the archive (1).
    IsoConnector before = at("2026-06-01T04:30:00Z");
    IsoConnector after = at("2026-06-01T05:00:00Z");
    PartitionKey may31 =
        new PartitionKey(SourceId.ISO, NYISO_5MIN.name(), LocalDate.of(2026, 5, 31));
    PartitionKey may30 =
        new PartitionKey(SourceId.ISO, NYISO_5MIN.name(), LocalDate.of(2026, 5, 30));
    assertThat(before.windows(NYISO_5MIN, List.of(may30, may31), List.of()))
        .extracting(FetchWindow::requests)
        .containsExactly(1, 2);
    assertThat(after.windows(NYISO_5MIN, List.of(may30, may31), List.of()))
        .extracting(FetchWindow::requests)
        .containsExactly(1);
    assertThat(before.requestsPerPartition(NYISO_5MIN, may31)).isEqualTo(2);
    assertThat(after.requestsPerPartition(NYISO_5MIN, may31)).isEqualTo(1);
  }

  static IsoConnector at(String instant) {
    Clock clock = Clock.fixed(Instant.parse(instant), ZoneOffset.UTC);
    ConnectorSettings s =
        ConnectorSettings.fromEnvironment(Map.of("AURUM_NYISO_BASE_URL", proxy.baseUrl()));
    return new IsoConnector(
        s,
        new UpstreamHttp(Duration.ofSeconds(30), Duration.ofSeconds(30), clock, s.secrets()),
        RequestLimits.PJM_MAX_ROW_COUNT,
        clock);
  }

  @Test
  void caiso_windows_are_at_most_744_hours_of_whole_days() {
    // CAISO.DA_LMP: 5 nodes (<= 10: one chunk); a query covers at most 31 days = 744 hours, so a
    // window is 31 Pacific days, or 30 when it holds the fall-back day (31 days = 745 hours).
    // 1 day (2024-11-03): 1. 1 month (2024-03, 743 hours): 1.
    backfill(CAISO, "2024-11-03", "2024-11-03").sentExactly(1).lostNoRow();
    backfill(CAISO, "2024-03-01", "2024-03-31").sentExactly(1).lostNoRow();
    // 1 year (2024, 366 days): 9 windows of 31 days to Oct 5, Oct 6-Nov 4 (30 days: it holds
    // Nov 3), Nov 5-Dec 5 (31), Dec 6-31 (26) = 12 (ceil(366 / 31) = 12 all the same).
    WindowRun year = backfill(CAISO, "2024-01-01", "2024-12-31").sentExactly(12).lostNoRow();
    assertThat(year.windowSizes()).containsExactly(31, 31, 31, 31, 31, 31, 31, 31, 31, 30, 31, 26);
    // 10 years (2016-2025, 3,653 days): each of the 10 fall-back days costs its window a day:
    // 10 windows of 30 days (300) + 108 of 31 (3,348) + one of 5 days = 119.
    WindowRun decade = backfill(CAISO, "2016-01-01", "2025-12-31").sentExactly(119).lostNoRow();
    assertThat(decade.windowSizes()).filteredOn(n -> n == 30).hasSize(10);
    assertThat(decade.windowSizes()).filteredOn(n -> n == 31).hasSize(108);
    assertThat(proxy.requests())
        .allSatisfy(
            r -> {
              Instant start = ZonedDateTime.parse(r.first("startdatetime"), OASIS).toInstant();
              Instant end = ZonedDateTime.parse(r.first("enddatetime"), OASIS).toInstant();
              assertThat(Duration.between(start, end)).isLessThanOrEqualTo(Duration.ofHours(744));
              assertThat(r.first("node").split(",")).hasSizeLessThanOrEqualTo(10);
            });
  }

  @Test
  void pjm_windows_hold_one_page_of_50000_rows() {
    // PJM.RT_LMP: 4 pnodes x 24 hours = 96 rows a day (92 / 100 on DST days); a window holds at
    // most one page of 50,000 rows: 520 days (49,920; 521 days = 50,016 > 50,000).
    // 1 day (2024-11-03): 100 rows -> 1. 1 month: 2,972 rows -> 1. 1 year (2024): 8,784 hours
    // x 4 = 35,136 rows -> 1. 10 years (2016-2025): 87,672 hours x 4 = 350,688 rows: 7 windows
    // of 520 days (3,640) + 13 days = 8 (= ceil(350,688 / 50,000)).
    backfill(PJM, "2024-11-03", "2024-11-03").sentExactly(1).lostNoRow();
    backfill(PJM, "2024-03-01", "2024-03-31").sentExactly(1).lostNoRow();
    backfill(PJM, "2024-01-01", "2024-12-31").sentExactly(1).lostNoRow();
    WindowRun decade = backfill(PJM, "2016-01-01", "2025-12-31").sentExactly(8).lostNoRow();
    assertThat(decade.windowSizes()).containsExactly(520, 520, 520, 520, 520, 520, 520, 13);
    assertThat(proxy.requests())
        .allSatisfy(r -> assertThat(Integer.parseInt(r.first("rowCount"))).isBetween(1, 50_000));
  }
}
