package io.aurum.sandbox.iso;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurum.sandbox.Sandbox;
import io.aurum.sandbox.SandboxConfig;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The NYISO emulator's 5-minute {@code realtime_zone} files, today's RTC tail and its faults. */
@Timeout(60)
class NyisoRealtimeEmulatorTest {
  // 2024-06-12 14:07:30 EDT: today's file has RTD rows to 14:05, then RTC rows.
  static final Instant NOW = Instant.parse("2024-06-12T18:07:30Z");
  final Sandbox sandbox =
      Sandbox.start(
          SandboxConfig.defaults().withoutQuotas().withClock(Clock.fixed(NOW, ZoneOffset.UTC)));
  final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void stop() {
    sandbox.close();
  }

  HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static List<String> stamps(String csv, String zone) {
    return csv.lines()
        .filter(l -> l.contains(",\"" + zone + "\","))
        .map(l -> l.substring(1, l.indexOf('"', 1)))
        .toList();
  }

  @Test
  void a_past_day_has_interval_ending_stamps_from_0005_to_midnight_with_dst_days_276_and_300()
      throws Exception {
    List<String> june =
        stamps(get("/public/csv/realtime/20240611realtime_zone.csv").body(), "WEST");
    assertThat(june).hasSize(288).startsWith("06/11/2024 00:05:00").endsWith("06/12/2024 00:00:00");
    List<String> spring =
        stamps(get("/public/csv/realtime/20240310realtime_zone.csv").body(), "WEST");
    assertThat(spring).hasSize(276).contains("03/10/2024 01:55:00", "03/10/2024 03:00:00");
    assertThat(spring).noneMatch(s -> s.startsWith("03/10/2024 02:"));
    List<String> fall =
        stamps(get("/public/csv/realtime/20231105realtime_zone.csv").body(), "WEST");
    assertThat(fall).hasSize(300);
    assertThat(fall.stream().filter(s -> s.equals("11/05/2023 01:05:00"))).hasSize(2);
    assertThat(fall.stream().filter(s -> s.equals("11/05/2023 02:00:00"))).hasSize(1);
  }

  @Test
  void todays_file_ends_at_the_clock_then_carries_rtc_rows_at_quarter_hours() throws Exception {
    List<String> today =
        stamps(get("/public/csv/realtime/20240612realtime_zone.csv").body(), "CAPITL");
    int rtd = today.indexOf("06/12/2024 14:05:00");
    assertThat(rtd).isEqualTo(168); // 00:05 .. 14:05, one row each
    assertThat(today.subList(rtd + 1, today.size()))
        .containsExactly(
            "06/12/2024 14:15:00",
            "06/12/2024 14:30:00",
            "06/12/2024 14:45:00",
            "06/12/2024 15:00:00",
            "06/12/2024 15:15:00",
            "06/12/2024 15:30:00",
            "06/12/2024 15:45:00",
            "06/12/2024 16:00:00");
    String latest = get(NyisoEmulator.LATEST_PATH).body();
    assertThat(stamps(latest, "CAPITL")).containsExactly("06/12/2024 14:05:00");
    assertThat(latest.lines().count()).isEqualTo(1 + NyisoEmulator.ZONES.length);
    assertThat(get("/public/csv/realtime/20240613realtime_zone.csv").statusCode()).isEqualTo(404);
  }

  @Test
  void the_monthly_zip_and_the_fault_machinery_cover_realtime_files() throws Exception {
    byte[] zip =
        http.send(
                HttpRequest.newBuilder(
                        URI.create(
                            sandbox.baseUrl()
                                + "/public/csv/realtime/20240501realtime_zone_csv.zip"))
                    .build(),
                HttpResponse.BodyHandlers.ofByteArray())
            .body();
    int members = 0;
    try (ZipInputStream z = new ZipInputStream(new ByteArrayInputStream(zip))) {
      var e = z.getNextEntry();
      assertThat(e.getName()).isEqualTo("20240501realtime_zone.csv");
      assertThat(new String(z.readAllBytes(), StandardCharsets.UTF_8).lines().count())
          .isEqualTo(1 + 288 * NyisoEmulator.ZONES.length);
      members++;
      while (z.getNextEntry() != null) {
        members++;
      }
    }
    assertThat(members).isEqualTo(31);
    sandbox.faults("nyiso", "error_rate=1");
    assertThat(get("/public/csv/realtime/20240611realtime_zone.csv").statusCode()).isIn(500, 503);
    assertThat(get(NyisoEmulator.LATEST_PATH).statusCode()).isIn(500, 503);
    assertThat(sandbox.stats("nyiso").requests()).isEqualTo(3);
  }
}
