package io.aurum.connectors.cpi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aurum.connectors.ConnectorSettings;
import io.aurum.connectors.RecordingProxy;
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
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * BLS (CPI) by fetch windows against the sandbox: one query per 50 series over at most 20 calendar
 * years with a key (25 series and 10 years without one), exactly what {@code windows()} predicts;
 * no query ever draws "Year range has been reduced".
 */
@Timeout(60)
class CpiWindowsTest {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-06-15T16:00:00Z"), ZoneOffset.UTC);
  static final ObjectMapper JSON = new ObjectMapper();
  static final Dataset CPI = WindowRun.dataset(SourceId.CPI, "CPI.CPI_U");
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

  /** With {@code key} null the connector asks without a registration key. */
  static CpiConnector connector(String key) {
    Map<String, String> env = new HashMap<>();
    env.put("AURUM_CPI_BASE_URL", proxy.baseUrl());
    if (key != null) {
      env.put("BLS_API_KEY", key);
    }
    ConnectorSettings s = ConnectorSettings.fromEnvironment(env);
    return new CpiConnector(
        s,
        new UpstreamHttp(Duration.ofSeconds(10), Duration.ofSeconds(10), CLOCK, s.secrets()),
        CLOCK);
  }

  static WindowRun backfill(CpiConnector c, String first, String last) {
    return WindowRun.backfill(c, CPI, LocalDate.parse(first), LocalDate.parse(last));
  }

  /** Every query within the limits, none with a key when keyless. */
  void queriesStayWithin(int series, int years, boolean keyed) throws Exception {
    assertThat(proxy.requests()).isNotEmpty();
    for (RecordingProxy.Request r : proxy.requests()) {
      JsonNode body = JSON.readTree(r.body());
      assertThat(body.get("seriesid").size()).isBetween(1, series);
      int span = body.get("endyear").asInt() - body.get("startyear").asInt() + 1;
      assertThat(span).isBetween(1, years);
      assertThat(body.has("registrationkey")).isEqualTo(keyed);
    }
  }

  @Test
  void with_a_key_a_month_a_year_and_ten_years_are_one_query_each() throws Exception {
    // CPI.CPI_U: 4 series (<= 50: one chunk). With a key a query covers 20 calendar years:
    // 1 month (2024-03): 1. 1 year (2024): 1. 10 years (2016-2025): 1.
    // 25 years (2000-2024): 2000-2019 + 2020-2024 = 2.
    CpiConnector c = connector("sandbox-key");
    backfill(c, "2024-03-01", "2024-03-31").sentExactly(1).lostNoRow();
    backfill(c, "2024-01-01", "2024-12-31").sentExactly(1).lostNoRow();
    backfill(c, "2016-01-01", "2025-12-31").sentExactly(1).lostNoRow();
    WindowRun quarter = backfill(c, "2000-01-01", "2024-12-31").sentExactly(2).lostNoRow();
    assertThat(quarter.windowSizes()).containsExactly(240, 60);
    queriesStayWithin(50, 20, true);
    assertThat(proxy.requests()).noneMatch(r -> r.body().isEmpty());
  }

  @Test
  void without_a_key_a_query_covers_10_years() throws Exception {
    // Keyless (BLS's unregistered limits, 25 series and 10 years): 10 years (2016-2025) is still
    // 1 query; 25 years (2000-2024) is 2000-2009 + 2010-2019 + 2020-2024 = 3.
    CpiConnector c = connector(null);
    backfill(c, "2016-01-01", "2025-12-31").sentExactly(1).lostNoRow();
    WindowRun quarter = backfill(c, "2000-01-01", "2024-12-31").sentExactly(3).lostNoRow();
    assertThat(quarter.windowSizes()).containsExactly(120, 120, 60);
    queriesStayWithin(25, 10, false);
  }

  @Test
  void no_query_is_reduced_so_none_is_asked_twice() throws Exception {
    // A reduced range would be split in halves and asked again (CpiConnectorTest): with windows
    // sized to the limit, 40 years (1985-2024, data from 1990) are 2 queries of 20 years, and
    // each is asked once.
    CpiConnector c = connector("sandbox-key");
    WindowRun run = backfill(c, "1985-01-01", "2024-12-31").sentExactly(2);
    assertThat(run.rows).hasSize(4 * 12 * 35); // 1990-2024: the sandbox's data starts in 1990
    assertThat(proxy.requests())
        .extracting(r -> JSON.readTree(r.body()))
        .extracting(b -> b.get("startyear").asText() + "-" + b.get("endyear").asText())
        .containsExactly("1985-2004", "2005-2024");
    queriesStayWithin(50, 20, true);
  }

  @Test
  void two_datasets_of_one_window_share_one_query() throws Exception {
    // CPI split in two datasets of 2 series each: one query of 4 series for 2024, and each
    // dataset gets the rows of its own series only.
    Dataset a = subset("CPI.A", "CUUR0000SA0", "CUSR0000SA0");
    Dataset b = subset("CPI.B", "CUUR0000SA0L1E", "CUUR0000SAF1");
    CpiConnector c = connector("sandbox-key");
    assertThat(c.combinable(a, b)).isTrue();
    Instant from = LocalDate.parse("2024-01-01").atStartOfDay(a.zone()).toInstant();
    Instant to = LocalDate.parse("2025-01-01").atStartOfDay(a.zone()).toInstant();
    Map<String, java.util.List<String>> got = new HashMap<>();
    c.fetchAll(
        java.util.List.of(
            new io.aurum.core.port.Connector.FetchRequest(a, null, from, to, Map.of()),
            new io.aurum.core.port.Connector.FetchRequest(b, null, from, to, Map.of())),
        io.aurum.core.port.FetchContext.UNLIMITED,
        (d, o) ->
            got.computeIfAbsent(d.name(), k -> new java.util.ArrayList<>()).add(o.seriesId()));
    assertThat(proxy.requests()).hasSize(1);
    assertThat(JSON.readTree(proxy.requests().get(0).body()).get("seriesid")).hasSize(4);
    assertThat(got.get("CPI.A")).hasSize(24).allMatch(a.series()::contains);
    assertThat(got.get("CPI.B")).hasSize(24).allMatch(b.series()::contains);
  }

  static Dataset subset(String name, String... series) {
    return new Dataset(
        CPI.source(),
        name,
        CPI.frequency(),
        CPI.zone(),
        CPI.schemaVersion(),
        java.util.List.of(series),
        CPI.unit(),
        CPI.minValue(),
        CPI.maxValue(),
        CPI.upstream());
  }
}
