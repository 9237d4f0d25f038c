package io.aurum.connectors.iso.caiso;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.aurum.core.error.UpstreamException;
import io.aurum.core.model.Observation;
import io.aurum.sandbox.Revisions;
import io.aurum.sandbox.SandboxRequest;
import io.aurum.sandbox.iso.CaisoEmulator;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The byte-level CAISO reader against the String-based parser it replaced ({@link
 * StringCaisoZipParser}) on the sandbox's answers, and on the edge cases of the CSV itself.
 */
class CaisoZipParserTest {
  static final String HEADER =
      "INTERVALSTARTTIME_GMT,INTERVALENDTIME_GMT,OPR_DT,OPR_HR,OPR_INTERVAL,NODE_ID_XML,NODE_ID,"
          + "NODE,MARKET_RUN_ID,LMP_TYPE,XML_DATA_ITEM,PNODE_RESMRID,GRP_TYPE,POS,MW,GROUP";

  /** A data row with the given start stamp, node, LMP_TYPE and value. */
  static String row(String start, String node, String type, String value) {
    return start
        + ",2024-07-18T08:00:00-00:00,2024-07-18,01,0,N,N,"
        + node
        + ",DAM,"
        + type
        + ",LMP_PRC,N,ALL_APNODES,0,"
        + value
        + ",1";
  }

  static String lmp(String node, String value) {
    return row("2024-07-18T07:00:00-00:00", node, "LMP", value);
  }

  static byte[] zip(String name, String content) throws IOException {
    return zip(new String[] {name}, new String[] {content}, false);
  }

  static byte[] zip(String[] names, String[] contents, boolean stored) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(out)) {
      for (int i = 0; i < names.length; i++) {
        byte[] b = contents[i].getBytes(StandardCharsets.UTF_8);
        ZipEntry e = new ZipEntry(names[i]);
        if (stored) {
          CRC32 crc = new CRC32();
          crc.update(b);
          e.setMethod(ZipEntry.STORED);
          e.setSize(b.length);
          e.setCrc(crc.getValue());
        }
        z.putNextEntry(e);
        z.write(b);
      }
    }
    return out.toByteArray();
  }

  static List<Observation> parse(byte[] zip) throws IOException {
    List<Observation> out = new ArrayList<>();
    int kept = new CaisoZipParser("$/MWh").parse(new ByteArrayInputStream(zip), "u", out::add);
    assertThat(kept).isEqualTo(out.size());
    return out;
  }

  static List<Observation> parse(String csv) throws IOException {
    return parse(zip("a.csv", csv));
  }

  static List<Observation> reference(byte[] zip) throws IOException {
    List<Observation> out = new ArrayList<>();
    new StringCaisoZipParser("$/MWh").parse(new ByteArrayInputStream(zip), "u", out::add);
    return out;
  }

  static byte[] sandboxAnswer(String start, String end, String nodes) {
    CaisoEmulator e =
        new CaisoEmulator(
            new Revisions(), Clock.fixed(Instant.parse("2025-06-01T00:00:00Z"), ZoneOffset.UTC));
    String query =
        "resultformat=6&queryname=PRC_LMP&version=12&market_run_id=DAM&startdatetime="
            + start
            + "&enddatetime="
            + end
            + "&node="
            + nodes;
    return e.handle(
            new SandboxRequest(
                "GET",
                "/oasisapi/SingleZip",
                SandboxRequest.parseQuery(query),
                Map.of(),
                new byte[0]))
        .body();
  }

  @ParameterizedTest
  @CsvSource({
    // a month of five nodes (lines cross the 64 KiB buffer many times), both DST days, no data
    "20240101T08:00-0000, 20240201T08:00-0000, 3720",
    "20240310T08:00-0000, 20240311T07:00-0000, 115",
    "20241103T07:00-0000, 20241104T08:00-0000, 125",
    "20300101T08:00-0000, 20300102T08:00-0000, 0"
  })
  void gives_exactly_what_the_string_parser_gave_on_sandbox_answers(
      String start, String end, int rows) throws Exception {
    byte[] answer = sandboxAnswer(start, end, String.join(",", CaisoEmulator.NODES));
    List<Observation> got = parse(answer);
    assertThat(got).hasSize(rows).isEqualTo(reference(answer));
  }

  @Test
  void crlf_a_byte_order_mark_blank_lines_and_a_last_line_without_a_break() throws Exception {
    String csv =
        "\uFEFF"
            + HEADER
            + "\r\n"
            + lmp("A", "1.5")
            + "\r\n\r\n   \r\n"
            + row("2024-07-18T07:00:00-00:00", "A", "MCE", "9")
            + "\r\n"
            + lmp("B", "2.25");
    byte[] zip = zip("a.csv", csv);
    List<Observation> got = parse(zip);
    assertThat(got).extracting(Observation::seriesId).containsExactly("A", "B");
    assertThat(got).extracting(Observation::value).containsExactly(1.5, 2.25);
    assertThat(got).isEqualTo(reference(zip));
  }

  @Test
  void lmp_type_as_the_last_column_with_crlf() throws Exception {
    String csv =
        "INTERVALSTARTTIME_GMT,NODE,MW,LMP_TYPE\r\n"
            + "2024-07-18T07:00:00-00:00,A,3,LMP\r\n"
            + "2024-07-18T07:00:00-00:00,A,4,MCC\r\n"
            + "2024-07-18T07:00:00-00:00,B,5,LMP";
    assertThat(parse(csv)).extracting(Observation::value).containsExactly(3.0, 5.0);
  }

  @Test
  void negative_zero_signed_exponent_and_long_decimals_read_as_double_parse_double_does()
      throws Exception {
    String[] values = {
      "-12.34567",
      "-0.00000",
      "+3",
      ".5",
      "7.",
      "1.5E-3",
      "-2e2",
      " 47.61 ",
      "0.1000000000000000055511151231257827",
      "123456789012345678901234567890",
      "9007199254740993",
      "0.30000000000000004",
      "NaN"
    };
    StringBuilder csv = new StringBuilder(HEADER).append('\n');
    for (String v : values) {
      csv.append(lmp("A", v)).append('\n');
    }
    List<Observation> got = parse(csv.toString());
    assertThat(got).hasSize(values.length);
    for (int i = 0; i < values.length; i++) {
      assertThat(Double.doubleToRawLongBits(got.get(i).value()))
          .as(values[i])
          .isEqualTo(Double.doubleToRawLongBits(Double.parseDouble(values[i])));
    }
    assertThat(got).isEqualTo(reference(zip("a.csv", csv.toString())));
  }

  @Test
  void an_empty_or_blank_value_is_no_observation() throws Exception {
    String csv = HEADER + "\n" + lmp("A", "") + "\n" + lmp("B", "  ") + "\n" + lmp("C", "1");
    assertThat(parse(csv)).extracting(Observation::seriesId).containsExactly("C");
  }

  @Test
  void quoted_fields_with_commas_and_doubled_quotes_inside() throws Exception {
    String csv =
        HEADER.replace("LMP_TYPE", "\"LMP_TYPE\"")
            + "\n"
            + row("\"2024-07-18T07:00:00-00:00\"", "\"NODE, \"\"EAST\"\"\"", "\"LMP\"", "\"-4.5\"")
            + "\n"
            + row("2024-07-18T07:00:00-00:00", "\"B\"", "\"MCE\"", "1")
            + "\n";
    List<Observation> got = parse(csv);
    assertThat(got).hasSize(1);
    assertThat(got.get(0).seriesId()).isEqualTo("NODE, \"EAST\"");
    assertThat(got.get(0).value()).isEqualTo(-4.5);
    assertThat(got.get(0).period()).isEqualTo(Instant.parse("2024-07-18T07:00:00Z"));
  }

  @Test
  void an_unterminated_quote_is_a_schema_error() {
    String csv = HEADER + "\n" + lmp("\"A", "1") + "\n";
    UpstreamException e = catchThrowableOfType(() -> parse(csv), UpstreamException.class);
    assertThat(e.retryable()).isFalse();
  }

  @ParameterizedTest
  @CsvSource({
    "2024-07-18T07:00-00:00, 2024-07-18T07:00:00Z",
    "2024-07-18T07:00:00Z, 2024-07-18T07:00:00Z",
    "2024-07-18T00:00:00-07:00, 2024-07-18T07:00:00Z",
    "2024-07-18T08:30:00+01:30, 2024-07-18T07:00:00Z",
    "2024-07-18T07:00:00.000-00:00, 2024-07-18T07:00:00Z",
    "2024-02-29T23:59:59-00:00, 2024-02-29T23:59:59Z"
  })
  void start_stamps_in_every_iso_offset_shape(String stamp, String instant) throws Exception {
    String csv = HEADER + "\n" + row(stamp, "A", "LMP", "1") + "\n";
    assertThat(parse(csv).get(0).period()).isEqualTo(Instant.parse(instant));
  }

  @ParameterizedTest
  @CsvSource({
    "2023-02-29T07:00:00-00:00",
    "2024-07-18T24:00:00-00:00",
    "2024-13-18T07:00:00-00:00",
    "2024-07-18 07:00:00-00:00",
    "2024-07-18T07:00:00",
    "2024-07-18T07:60:00-00:00"
  })
  void an_invalid_start_stamp_is_a_schema_error(String stamp) {
    String csv = HEADER + "\n" + row(stamp, "A", "LMP", "1") + "\n";
    UpstreamException e = catchThrowableOfType(() -> parse(csv), UpstreamException.class);
    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage()).contains("does not parse").contains(stamp);
  }

  @ParameterizedTest
  @CsvSource({"1.2.3", "abc", "1-2", "--1"})
  void a_value_that_is_not_a_number_is_a_schema_error(String value) {
    UpstreamException e =
        catchThrowableOfType(
            () -> parse(HEADER + "\n" + lmp("A", value) + "\n"), UpstreamException.class);
    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage()).contains("does not parse");
  }

  @Test
  void an_lmp_row_with_too_few_fields_is_an_io_error_and_a_component_row_is_not_checked()
      throws Exception {
    String shortLmp = "2024-07-18T07:00:00-00:00,E,D,H,I,X,Y,A,DAM,LMP,LMP_PRC,N,ALL_APNODES,0";
    assertThatThrownBy(() -> parse(HEADER + "\n" + shortLmp + "\n"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("14 of 16 fields");
    assertThatThrownBy(() -> parse(HEADER + "\n2024-07-18T07:00:00-00:00,E,D\n"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("fewer than 16 fields");
    assertThat(parse(HEADER + "\n" + shortLmp.replace(",LMP,", ",MCC,") + "\n")).isEmpty();
  }

  @Test
  void a_line_longer_than_the_buffer() throws Exception {
    String huge = "X".repeat(200_000);
    String csv =
        HEADER
            + "\n"
            + row("2024-07-18T07:00:00-00:00", "A", "MCE", "1").replace("LMP_PRC", huge)
            + "\n"
            + lmp("B", "2").replace("LMP_PRC", huge)
            + "\n"
            + lmp("C", "3")
            + "\n";
    assertThat(parse(csv)).extracting(Observation::seriesId).containsExactly("B", "C");
  }

  @Test
  void every_member_is_read_stored_or_deflated_and_an_xml_error_member_is_found_by_its_content()
      throws Exception {
    String a = HEADER + "\n" + lmp("A", "1") + "\n";
    String b = HEADER + "\n" + lmp("B", "2") + "\n";
    for (boolean stored : new boolean[] {false, true}) {
      byte[] two = zip(new String[] {"a.csv", "b.csv"}, new String[] {a, b}, stored);
      assertThat(parse(two)).extracting(Observation::seriesId).containsExactly("A", "B");
    }
    String xml =
        "<?xml version=\"1.0\"?><OASISReport><m:ERR_CODE>1015</m:ERR_CODE>"
            + "<m:ERR_DESC>GroupZip DownLoad is in Processing</m:ERR_DESC></OASISReport>";
    UpstreamException e =
        catchThrowableOfType(
            () -> parse(zip(new String[] {"a.csv", "b.csv"}, new String[] {a, xml}, false)),
            UpstreamException.class);
    assertThat(e.retryable()).isTrue();
    assertThat(parse(zip("x.csv", xml.replace("1015", "1000")))).isEmpty();
  }

  @Test
  void a_header_without_the_columns_is_a_schema_error_and_an_empty_member_no_rows()
      throws Exception {
    assertThat(parse("")).isEmpty();
    assertThat(parse(HEADER + "\n")).isEmpty();
    assertThatThrownBy(() -> parse("A,B,C\n1,2,3\n"))
        .isInstanceOf(UpstreamException.class)
        .hasMessageContaining("lacks a column");
  }

  @Test
  void a_node_is_one_string_instance_per_answer() throws Exception {
    String csv = HEADER + "\n" + lmp("A", "1") + "\n" + lmp("A", "2") + "\n";
    List<Observation> got = parse(csv);
    assertThat(got.get(0).seriesId()).isSameAs(got.get(1).seriesId());
    assertThat(got.get(0).period()).isSameAs(got.get(1).period());
  }
}
