package io.aurum.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The hostile-upstream faults: set by name, shown by the admin API, and what they serve. */
@Timeout(60)
class HostileFaultsTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  final Sandbox sandbox = Sandbox.start(SandboxConfig.defaults().withoutQuotas());

  @AfterEach
  void stop() {
    sandbox.close();
  }

  HttpResponse<byte[]> get(String pathAndQuery) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + pathAndQuery)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  void the_faults_are_set_by_name_as_the_command_line_does_and_shown_by_the_admin_api()
      throws Exception {
    sandbox.faults("caiso", "zip_bomb=1g;huge_line=64k;drip_bytes_per_second=3;many_rows=250m");
    sandbox.faults("eia", "throttle_next=1;retry_after=Thu, 01 Jan 2099 00:00:00 GMT");
    Faults.Hostile h = sandbox.faults("caiso").hostile();
    assertThat(h.zipBomb()).isEqualTo(1L << 30);
    assertThat(h.hugeLine()).isEqualTo(64 << 10);
    assertThat(h.manyRows()).isEqualTo(250L << 20);
    assertThat(h.dripBytesPerSecond()).isEqualTo(3);
    String q =
        "/_admin/faults?source=fred&throttle_next=2&retry_after="
            + URLEncoder.encode("99999999999", StandardCharsets.UTF_8);
    HttpResponse<String> posted =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + q))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    JsonNode shown = JSON.readTree(posted.body());
    assertThat(shown.get("retry_after").asText()).isEqualTo("99999999999");
    assertThat(shown.get("throttle_next").asInt()).isEqualTo(2);
    assertThat(shown.get("zip_bomb").asLong()).isZero();
    assertThatThrownBy(() -> sandbox.faults("caiso", "zip_bomb=5g"))
        .hasMessageContaining("zip_bomb must be within");
    assertThatThrownBy(() -> sandbox.faults("caiso", "huge_line=lots"))
        .hasMessageContaining("is not a size");
    sandbox.reset();
    assertThat(sandbox.faults("caiso").hostile()).isEqualTo(new Faults.Hostile(null, 0, 0, 0, 0));
  }

  @Test
  void a_retry_after_is_sent_verbatim_whatever_its_form() throws Exception {
    sandbox.faults("eia", "throttle_next=1;retry_after=Thu, 01 Jan 2099 00:00:00 GMT");
    HttpResponse<byte[]> r =
        get("/v2/electricity/rto/region-data/data/?api_key=k&start=2024-01-01T00");
    assertThat(r.statusCode()).isEqualTo(429);
    assertThat(r.headers().firstValue("Retry-After")).contains("Thu, 01 Jan 2099 00:00:00 GMT");
  }

  @Test
  void a_zip_bomb_is_a_valid_streaming_zip_of_harmless_rows_of_the_size_asked() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    String header = "INTERVALSTARTTIME_GMT,NODE,LMP_TYPE,MW";
    String row = HostileBodies.harmless(header, "2024-01-01T08:00-00:00,N1,LMP,42.5");
    assertThat(row).isEqualTo("2024-01-01T08:00-00:00,N1,MCC,42.5");
    long size = 64L << 20;
    HostileBodies.zipOf(
        out,
        "x.csv",
        (header + "\n").getBytes(StandardCharsets.UTF_8),
        (row + "\n").getBytes(StandardCharsets.UTF_8),
        size);
    assertThat(out.size()).isLessThan(1 << 20);
    try (ZipInputStream z = new ZipInputStream(new ByteArrayInputStream(out.toByteArray()))) {
      ZipEntry e = z.getNextEntry();
      assertThat(e.getName()).isEqualTo("x.csv");
      assertThat(e.getSize()).isEqualTo(-1); // sizes only in the data descriptor
      byte[] first = z.readNBytes(header.length() + 1 + row.length() + 1);
      assertThat(new String(first, StandardCharsets.UTF_8)).isEqualTo(header + "\n" + row + "\n");
      long total = first.length + z.transferTo(java.io.OutputStream.nullOutputStream());
      assertThat(total).isBetween(size, size + (64 << 10));
      assertThat(z.getNextEntry()).isNull(); // the CRC and sizes checked out
    }
  }

  @Test
  void many_rows_repeats_only_the_rows_a_dataset_keeps_unchanged() {
    String header = "INTERVALSTARTTIME_GMT,NODE,LMP_TYPE,MW";
    String rows =
        "2024-01-01T08:00-00:00,N1,LMP,42.5\r\n"
            + "2024-01-01T08:00-00:00,N1,MCC,1.5\r\n"
            + "2024-01-01T09:00-00:00,N1,LMP,40.0\r\n";
    assertThat(HostileBodies.kept(header, rows))
        .isEqualTo("2024-01-01T08:00-00:00,N1,LMP,42.5\n2024-01-01T09:00-00:00,N1,LMP,40.0\n");
    // A member without LMP_TYPE (NYISO): every row.
    assertThat(HostileBodies.kept("\"Time Stamp\",\"Name\"", "a,\"WEST\"\nb,\"WEST\"\n"))
        .isEqualTo("a,\"WEST\"\nb,\"WEST\"\n");
    assertThatThrownBy(() -> sandbox.faults("caiso", "many_rows=5g"))
        .hasMessageContaining("many_rows must be within");
  }
}
