package io.aurum.connectors.iso;

import static io.aurum.connectors.TestDatasets.NY;
import static org.assertj.core.api.Assertions.assertThat;

import io.aurum.connectors.ConnectorSettings;
import io.aurum.connectors.RecordedServer;
import io.aurum.connectors.TestDatasets;
import io.aurum.connectors.http.UpstreamHttp;
import io.aurum.connectors.iso.nyiso.NyisoCsvParser;
import io.aurum.core.model.Dataset;
import io.aurum.core.model.Observation;
import io.aurum.core.model.PartitionKey;
import io.aurum.core.port.Connector;
import io.aurum.core.port.FetchContext;
import io.aurum.sandbox.Revisions;
import io.aurum.sandbox.Sandbox;
import io.aurum.sandbox.SandboxConfig;
import io.aurum.sandbox.iso.NyisoEmulator;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code NYISO.RT_LBMP_5MIN}: the 5-minute {@code realtime_zone} file (interval-ending stamps) on
 * normal and DST days, and today's file, whose RTC advisory tail is never emitted.
 */
@Timeout(60)
class NyisoFiveMinuteTest {
  // 2024-11-12 14:07:30 EST: RTD has posted intervals ending up to 14:05.
  static final Instant NOW = Instant.parse("2024-11-12T19:07:30Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  // 2024-06-12 14:07:30 EDT, for the recorded files of that day.
  static final Clock JUNE = Clock.fixed(Instant.parse("2024-06-12T18:07:30Z"), ZoneOffset.UTC);
  static final Dataset D = TestDatasets.nyisoFiveMinute();
  static final String HEADER =
      "\"Time Stamp\",\"Name\",\"PTID\",\"LBMP ($/MWHr)\",\"Marginal Cost Losses ($/MWHr)\","
          + "\"Marginal Cost Congestion ($/MWHr)\"\n";

  final Sandbox sandbox = Sandbox.start(SandboxConfig.defaults().withoutQuotas().withClock(CLOCK));
  final RecordedServer recorded = new RecordedServer();
  final NyisoEmulator emulator = new NyisoEmulator(new Revisions(), CLOCK);

  @AfterEach
  void stop() {
    sandbox.close();
    recorded.close();
  }

  static IsoConnector connector(String baseUrl, Clock clock) {
    ConnectorSettings s =
        ConnectorSettings.fromEnvironment(Map.of("AURUM_NYISO_BASE_URL", baseUrl));
    // Deadlines well past the emulator's time to zip a month of 5-minute files on a loaded
    // machine (over 5 s at load 17): this test is about the file's content, not the deadline.
    return new IsoConnector(
        s,
        new UpstreamHttp(Duration.ofSeconds(30), Duration.ofSeconds(30), clock, s.secrets()),
        100,
        clock);
  }

  /** A fetch of one day's partition that records what the connector told the engine. */
  static final class Fetch implements FetchContext {
    final List<Observation> rows = new ArrayList<>();
    final List<Instant> settled = new ArrayList<>();
    int requests;

    Fetch run(Connector c, LocalDate day) {
      PartitionKey k = new PartitionKey(D.source(), D.name(), day);
      c.fetch(new Connector.FetchRequest(D, k, k.start(D), k.end(D), Map.of()), this, rows::add);
      return this;
    }

    @Override
    public void beforeRequest() {}

    @Override
    public void afterResponse(long bytes) {
      requests++;
    }

    @Override
    public void settledUntil(Instant until) {
      settled.add(until);
    }

    Map<String, List<Instant>> bySeries() {
      return rows.stream()
          .collect(
              Collectors.groupingBy(
                  Observation::seriesId,
                  Collectors.mapping(Observation::period, Collectors.toList())));
    }
  }

  @ParameterizedTest
  @CsvSource({"2024-11-11, 288", "2024-03-10, 276", "2024-11-03, 300"})
  void a_past_day_has_every_five_minute_interval_start_of_the_eleven_zones(String date, int n) {
    LocalDate day = LocalDate.parse(date);
    Fetch f = new Fetch().run(connector(sandbox.baseUrl(), CLOCK), day);
    assertThat(f.rows).hasSize(11 * n);
    assertThat(f.bySeries()).hasSize(11);
    f.bySeries().values().forEach(periods -> assertThat(Set.copyOf(periods)).hasSize(n));
    Instant start = day.atStartOfDay(NY).toInstant();
    Instant end = day.plusDays(1).atStartOfDay(NY).toInstant();
    assertThat(f.bySeries().get("WEST"))
        .allMatch(p -> !p.isBefore(start) && p.isBefore(end))
        .allMatch(p -> p.getEpochSecond() % 300 == 0)
        .contains(start, end.minus(Duration.ofMinutes(5)));
    // The row stamped 00:05:00 is the interval starting at midnight; values are the sandbox's.
    Instant firstEnd = start.plus(Duration.ofMinutes(5));
    assertThat(f.rows)
        .filteredOn(o -> o.seriesId().equals("N.Y.C.") && o.period().equals(start))
        .extracting(Observation::value)
        .containsExactly(Double.parseDouble(emulator.realtimePrices("N.Y.C.", firstEnd, day)[0]));
    assertThat(f.settled).isEmpty();
    assertThat(f.requests).isEqualTo(1);
  }

  @Test
  void the_fall_back_days_repeated_hour_is_two_runs_of_instants_by_row_order() {
    Fetch f = new Fetch().run(connector(sandbox.baseUrl(), CLOCK), LocalDate.of(2024, 11, 3));
    List<Instant> capitl = f.bySeries().get("CAPITL");
    // 01:00 EDT = 05:00Z and 01:00 EST = 06:00Z both start 12 intervals.
    assertThat(capitl.stream().filter(p -> p.toString().startsWith("2024-11-03T05:"))).hasSize(12);
    assertThat(capitl.stream().filter(p -> p.toString().startsWith("2024-11-03T06:"))).hasSize(12);
    assertThat(capitl).doesNotHaveDuplicates().isSorted();
  }

  @Test
  void the_parser_reads_interval_ending_stamps_as_interval_starts_across_midnight()
      throws Exception {
    String csv =
        HEADER
            + "\"11/03/2024 01:00:00\",\"WEST\",61752,10.00,0,0\n"
            + "\"11/03/2024 01:05:00\",\"WEST\",61752,11.00,0,0\n"
            + "\"11/03/2024 01:00:00\",\"WEST\",61752,12.00,0,0\n"
            + "\"11/03/2024 01:05:00\",\"WEST\",61752,13.00,0,0\n"
            + "\"11/04/2024 00:00:00\",\"WEST\",61752,14.00,0,0\n";
    List<Observation> rows = new ArrayList<>();
    new NyisoCsvParser(NY, "$/MWh", Duration.ofMinutes(5))
        .parse(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), rows::add);
    assertThat(rows)
        .extracting(o -> o.period().toString())
        .containsExactly(
            "2024-11-03T04:55:00Z", // ends 01:00 EDT
            "2024-11-03T05:00:00Z", // ends 01:05 EDT
            "2024-11-03T05:55:00Z", // ends 01:00 EST
            "2024-11-03T06:00:00Z", // ends 01:05 EST
            "2024-11-04T04:55:00Z"); // ends midnight: the day's last interval
  }

  @Test
  void todays_file_is_cut_at_the_latest_rtd_interval_and_never_emits_rtc_rows() {
    LocalDate today = LocalDate.of(2024, 11, 12);
    IsoConnector c = connector(sandbox.baseUrl(), CLOCK);
    Fetch f = new Fetch().run(c, today);
    Instant cut = Instant.parse("2024-11-12T19:05:00Z"); // 14:05 EST
    // Intervals starting 00:00 .. 14:00 EDT: 14 hours and one interval.
    assertThat(f.rows).hasSize(11 * 169);
    assertThat(f.rows).allMatch(o -> !o.period().plus(Duration.ofMinutes(5)).isAfter(cut));
    Map<String, Double> served = new HashMap<>();
    for (Map.Entry<Instant, String> e : NyisoEmulator.intervals(today).entrySet()) {
      for (String zone : TestDatasets.NYISO_ZONES) {
        served.put(
            zone + e.getKey().minus(Duration.ofMinutes(5)),
            Double.parseDouble(emulator.realtimePrices(zone, e.getKey(), today)[0]));
      }
    }
    assertThat(f.rows).allMatch(o -> served.get(o.seriesId() + o.period()) == o.value());
    // The file did hold RTC rows (advisory prices) after the cut: none of them came through.
    assertThat(
            f.rows.stream()
                .anyMatch(
                    o ->
                        o.value()
                            == Double.parseDouble(
                                emulator
                                    .advisoryPrices(
                                        o.seriesId(),
                                        o.period().plus(Duration.ofMinutes(5)),
                                        today)[0])))
        .isFalse();
    assertThat(f.settled).containsExactly(cut);
    assertThat(f.requests).isEqualTo(2);
    assertThat(c.requestsPerPartition(D, new PartitionKey(D.source(), D.name(), today)))
        .isEqualTo(2);
    assertThat(
            c.requestsPerPartition(D, new PartitionKey(D.source(), D.name(), today.minusDays(1))))
        .isEqualTo(1);
  }

  @Test
  void the_latest_interval_file_is_read_first_and_bounds_the_cut_below_the_clock() {
    // The daily file already has RTD to 14:05 and an RTC row at 14:15, but the latest-interval
    // file (read first) says 13:55: rows ending after 13:55 are not known to be RTD.
    recorded.answer(
        new RecordedServer.Answer(
            200,
            "text/csv",
            Map.of(),
            (HEADER + "\"06/12/2024 13:55:00\",\"WEST\",61752,30.00,0,0\n")
                .getBytes(StandardCharsets.UTF_8)),
        new RecordedServer.Answer(
            200,
            "text/csv",
            Map.of(),
            (HEADER
                    + "\"06/12/2024 13:50:00\",\"WEST\",61752,29.00,0,0\n"
                    + "\"06/12/2024 13:55:00\",\"WEST\",61752,30.00,0,0\n"
                    + "\"06/12/2024 14:00:00\",\"WEST\",61752,31.00,0,0\n"
                    + "\"06/12/2024 14:05:00\",\"WEST\",61752,32.00,0,0\n"
                    + "\"06/12/2024 14:15:00\",\"WEST\",61752,99.00,0,0\n")
                .getBytes(StandardCharsets.UTF_8)));
    Fetch f = new Fetch().run(connector(recorded.baseUrl(), JUNE), LocalDate.of(2024, 6, 12));
    assertThat(f.rows).extracting(Observation::value).containsExactly(29.0, 30.0);
    assertThat(f.settled).containsExactly(Instant.parse("2024-06-12T17:55:00Z"));
    assertThat(recorded.seen())
        .extracting(s -> s.uri().getPath())
        .containsExactly(
            "/public/realtime/realtime_zone_lbmp.csv",
            "/public/csv/realtime/20240612realtime_zone.csv");
  }

  @Test
  void the_clock_bounds_the_cut_when_the_latest_file_runs_ahead_of_it() {
    // A latest-interval file ahead of the injected clock cannot settle intervals after now.
    Clock earlier = Clock.fixed(Instant.parse("2024-06-12T17:52:00Z"), ZoneOffset.UTC); // 13:52
    recorded.answer(
        new RecordedServer.Answer(
            200,
            "text/csv",
            Map.of(),
            (HEADER + "\"06/12/2024 14:05:00\",\"WEST\",61752,32.00,0,0\n")
                .getBytes(StandardCharsets.UTF_8)),
        new RecordedServer.Answer(
            200,
            "text/csv",
            Map.of(),
            (HEADER
                    + "\"06/12/2024 13:50:00\",\"WEST\",61752,29.00,0,0\n"
                    + "\"06/12/2024 13:55:00\",\"WEST\",61752,30.00,0,0\n")
                .getBytes(StandardCharsets.UTF_8)));
    Fetch f = new Fetch().run(connector(recorded.baseUrl(), earlier), LocalDate.of(2024, 6, 12));
    assertThat(f.rows).extracting(Observation::value).containsExactly(29.0);
    // The clock's 13:52 settles nothing past the interval that ended at 13:50.
    assertThat(f.settled).containsExactly(Instant.parse("2024-06-12T17:50:00Z"));
  }
}
