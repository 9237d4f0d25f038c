package io.aurum.connectors.iso;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.aurum.connectors.iso.caiso.CaisoZipParser;
import io.aurum.connectors.iso.nyiso.NyisoCsvParser;
import io.aurum.connectors.iso.pjm.PjmPageParser;
import io.aurum.core.error.UpstreamException;
import io.aurum.core.model.Observation;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

/** The ISO payload parsers on their own, with recorded-shape payloads. */
class IsoParsersTest {
  static final ZoneId NY = ZoneId.of("America/New_York");

  static ByteArrayInputStream in(String s) {
    return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void nyiso_real_time_stamps_with_seconds_and_the_repeated_hour_by_row_order() throws Exception {
    String csv =
        "\"Time Stamp\",\"Name\",\"PTID\",\"LBMP ($/MWHr)\",\"Marginal Cost Losses ($/MWHr)\",\"Marginal Cost Congestion ($/MWHr)\"\n"
            + "\"11/03/2024 01:05:00\",\"WEST\",61752,20.02,-1.30,0.00\n"
            + "\"11/03/2024 01:05:00\",\"CAPITL\",61757,24.31,1.12,-0.85\n"
            + "\"11/03/2024 01:05:00\",\"WEST\",61752,21.00,-1.30,0.00\n";
    List<Observation> out = new ArrayList<>();
    assertThat(new NyisoCsvParser(NY, "$/MWh").parse(in(csv), out::add)).isEqualTo(3);
    assertThat(out.get(0).period()).isEqualTo(Instant.parse("2024-11-03T05:05:00Z"));
    assertThat(out.get(1).period()).isEqualTo(Instant.parse("2024-11-03T05:05:00Z"));
    assertThat(out.get(2).period()).isEqualTo(Instant.parse("2024-11-03T06:05:00Z"));
  }

  @Test
  void nyiso_a_clock_time_in_the_spring_forward_gap_is_a_schema_error() {
    String csv =
        "\"Time Stamp\",\"Name\",\"PTID\",\"LBMP ($/MWHr)\",\"Marginal Cost Losses ($/MWHr)\",\"Marginal Cost Congestion ($/MWHr)\"\n"
            + "\"03/10/2024 02:00\",\"WEST\",61752,20.02,-1.30,0.00\n";
    UpstreamException e =
        catchThrowableOfType(
            () -> new NyisoCsvParser(NY, "$/MWh").parse(in(csv), o -> {}), UpstreamException.class);
    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage()).contains("DST gap");
  }

  @Test
  void caiso_keeps_only_lmp_rows_and_reads_gmt_with_a_minus_zero_offset() throws Exception {
    String csv =
        "INTERVALSTARTTIME_GMT,INTERVALENDTIME_GMT,OPR_DT,OPR_HR,OPR_INTERVAL,NODE_ID_XML,NODE_ID,NODE,MARKET_RUN_ID,LMP_TYPE,XML_DATA_ITEM,PNODE_RESMRID,GRP_TYPE,POS,MW,GROUP\n"
            + "2024-07-18T07:00:00-00:00,2024-07-18T08:00:00-00:00,2024-07-18,01,0,N,N,TH_NP15_GEN-APND,DAM,MCE,LMP_ENE_PRC,N,ALL_APNODES,0,48.95,2\n"
            + "2024-07-18T07:00:00-00:00,2024-07-18T08:00:00-00:00,2024-07-18,01,0,N,N,TH_NP15_GEN-APND,DAM,LMP,LMP_PRC,N,ALL_APNODES,0,47.61,1\n";
    ByteArrayOutputStream zip = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(zip)) {
      z.putNextEntry(new ZipEntry("20240718_20240719_PRC_LMP_DAM_12.csv"));
      z.write(csv.getBytes(StandardCharsets.UTF_8));
    }
    List<Observation> out = new ArrayList<>();
    new CaisoZipParser("$/MWh").parse(new ByteArrayInputStream(zip.toByteArray()), "u", out::add);
    assertThat(out).hasSize(1);
    assertThat(out.get(0).value()).isEqualTo(47.61);
    assertThat(out.get(0).period()).isEqualTo(Instant.parse("2024-07-18T07:00:00Z"));
  }

  @Test
  void caiso_a_body_that_is_not_a_zip_is_a_retryable_io_error() {
    assertThat(
            catchThrowableOfType(
                () -> new CaisoZipParser("$/MWh").parse(in("<html>502</html>"), "u", o -> {}),
                java.io.IOException.class))
        .isNotNull();
  }

  @Test
  void pjm_errors_in_the_body_are_permanent() {
    UpstreamException e =
        catchThrowableOfType(
            () ->
                new PjmPageParser("total_lmp_rt")
                    .parse(
                        in("{\"errors\":[{\"message\":\"bad filter\"}],\"totalRows\":0}"), i -> {}),
            UpstreamException.class);
    assertThat(e.retryable()).isFalse();
  }
}
