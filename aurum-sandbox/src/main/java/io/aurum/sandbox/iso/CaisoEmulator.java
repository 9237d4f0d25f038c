package io.aurum.sandbox.iso;

import io.aurum.sandbox.EmulatorBase;
import io.aurum.sandbox.Revisions;
import io.aurum.sandbox.SandboxRequest;
import io.aurum.sandbox.SandboxResponse;
import io.aurum.sandbox.Values;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Emulates CAISO OASIS {@code /oasisapi/SingleZip} for {@code queryname=PRC_LMP}, {@code
 * market_run_id=DAM}: a ZIP holding one CSV ({@code resultformat=6}) in long format — for each node
 * and hour, rows for {@code LMP_TYPE} LMP, MCE, MCC, MCL, MGHG (LMP = MCE + MCC + MCL + MGHG),
 * grouped by {@code LMP_TYPE} then node then hour, with UTC {@code *_GMT} columns and Pacific
 * {@code OPR_DT}/{@code OPR_HR} (hour ending; 25 on the fall-back day). Errors come as a ZIP with
 * an XML {@code OASISReport} and HTTP 200: 1000 no data (unknown node, or hours not yet published —
 * day-ahead data exists through tomorrow), 1002 bad datetime, 1004 more than 31 days, 1005 unknown
 * report, 1017 more than 10 nodes, 1020 missing version. A rate-limit answer is a plain HTTP 429.
 * Thread-safe.
 */
public final class CaisoEmulator extends EmulatorBase {
  public static final String SOURCE = "caiso";
  public static final ZoneId PACIFIC = ZoneId.of("America/Los_Angeles");
  public static final List<String> NODES =
      List.of(
          "TH_NP15_GEN-APND",
          "TH_SP15_GEN-APND",
          "TH_ZP26_GEN-APND",
          "DLAP_PGAE-APND",
          "DLAP_SCE-APND");
  private static final DateTimeFormatter PARAM = DateTimeFormatter.ofPattern("yyyyMMdd'T'HH:mmZ");
  private static final DateTimeFormatter GMT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'-00:00'").withZone(ZoneOffset.UTC);
  private static final String[][] TYPES = {
    {"LMP", "LMP_PRC"},
    {"MCE", "LMP_ENE_PRC"},
    {"MCC", "LMP_CONG_PRC"},
    {"MCL", "LMP_LOSS_PRC"},
    {"MGHG", "LMP_GHG_PRC"}
  };

  public CaisoEmulator(Revisions revisions, Clock clock) {
    super(SOURCE, "/oasisapi/", revisions, Set.of(), clock);
  }

  @Override
  public LocalDate startDate(SandboxRequest request) {
    Instant start = parse(request.first("startdatetime"));
    return start == null ? null : LocalDate.ofInstant(start, ZoneOffset.UTC);
  }

  @Override
  public LocalDate endDate(SandboxRequest request) {
    Instant end = parse(request.first("enddatetime"));
    return end == null
        ? null
        : LocalDate.ofInstant(end.minus(java.time.Duration.ofHours(12)), ZoneOffset.UTC);
  }

  private static Instant parse(String text) {
    if (text == null) {
      return null;
    }
    try {
      return ZonedDateTime.parse(text, PARAM).toInstant();
    } catch (RuntimeException e) {
      return null;
    }
  }

  @Override
  public SandboxResponse handle(SandboxRequest r) {
    if (!r.path().equals("/oasisapi/SingleZip")) {
      return new SandboxResponse(404, "text/html", Map.of(), "Not Found".getBytes());
    }
    if (!"PRC_LMP".equals(r.first("queryname"))) {
      return xmlError(1005, "Report name does not exist");
    }
    if (r.first("version") == null || r.first("version").isBlank()) {
      return xmlError(1020, "Version parameter is missing or is invalid");
    }
    Instant start = parse(r.first("startdatetime"));
    Instant end = parse(r.first("enddatetime"));
    if (start == null || end == null || !start.isBefore(end)) {
      return xmlError(1002, "Invalid datetime format");
    }
    if (Duration.between(start, end).toDays() > 31
        || Duration.between(start, end).compareTo(Duration.ofDays(31)) > 0) {
      return xmlError(1004, "Data can be requested for period of 31 days only");
    }
    List<String> nodes =
        List.of(r.first("node") == null ? new String[0] : r.first("node").split(","));
    if (nodes.size() > 10) {
      return xmlError(1017, "Please select a maximum of 10 nodes or use the ALL option");
    }
    List<String> known = nodes.stream().filter(NODES::contains).toList();
    Instant published =
        LocalDate.now(clock.withZone(PACIFIC)).plusDays(2).atStartOfDay(PACIFIC).toInstant();
    Instant last = end.isAfter(published) ? published : end;
    if (known.isEmpty() || !start.isBefore(last)) {
      return xmlError(1000, "No data returned for the specified selection");
    }
    StringBuilder csv =
        new StringBuilder(
            "INTERVALSTARTTIME_GMT,INTERVALENDTIME_GMT,OPR_DT,OPR_HR,OPR_INTERVAL,NODE_ID_XML,"
                + "NODE_ID,NODE,MARKET_RUN_ID,LMP_TYPE,XML_DATA_ITEM,PNODE_RESMRID,GRP_TYPE,POS,MW,"
                + "GROUP\n");
    for (int t = 0; t < TYPES.length; t++) {
      for (String node : known) {
        for (Instant h = start; h.isBefore(last); h = h.plusSeconds(3600)) {
          ZonedDateTime local = h.atZone(PACIFIC);
          LocalDate oprDt = local.toLocalDate();
          long hourEnding =
              Duration.between(oprDt.atStartOfDay(PACIFIC).toInstant(), h).toHours() + 1;
          double[] c = components(node, h, oprDt);
          csv.append(GMT.format(h))
              .append(',')
              .append(GMT.format(h.plusSeconds(3600)))
              .append(',')
              .append(oprDt)
              .append(',')
              .append(String.format("%02d", hourEnding))
              .append(",0,")
              .append(node)
              .append(',')
              .append(node)
              .append(',')
              .append(node)
              .append(",DAM,")
              .append(TYPES[t][0])
              .append(',')
              .append(TYPES[t][1])
              .append(',')
              .append(node)
              .append(",ALL_APNODES,0,")
              .append(String.format("%.5f", c[t]))
              .append(',')
              .append(t + 1)
              .append('\n');
        }
      }
    }
    String name =
        DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC).format(start)
            + "_"
            + DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC).format(end)
            + "_PRC_LMP_DAM_"
            + r.first("version")
            + ".csv";
    return zip(name, csv.toString());
  }

  /** LMP, MCE, MCC, MCL, MGHG of a node and hour; LMP is their sum (to 5 decimals). */
  public double[] components(String node, Instant hour, LocalDate oprDt) {
    int revision = revisions.revision(SOURCE, oprDt);
    int h = hour.atZone(PACIFIC).getHour();
    double level = 45 * (1 + 0.35 * Math.sin(2 * Math.PI * (h - 12) / 24.0));
    double mce = Values.value(level, 0.2, 5, revision, node, hour.toString()).doubleValue();
    double mcc = Values.value(2, 2, 5, 0, node, hour.toString(), "c").doubleValue() - 2;
    double mcl = Values.value(1, 1, 5, 0, node, hour.toString(), "l").doubleValue() - 1;
    double ghg = 0;
    double lmp = Math.round((mce + mcc + mcl + ghg) * 1e5) / 1e5;
    return new double[] {lmp, mce, mcc, mcl, ghg};
  }

  static SandboxResponse xmlError(int code, String desc) {
    String xml =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<OASISReport xmlns=\"http://www.caiso.com/soa/OASISReport_v1.xsd\">"
            + "<MessageHeader><TimeDate>2024-01-01T00:00:00-00:00</TimeDate>"
            + "<Source>OASIS</Source><Version>v20131201</Version></MessageHeader>"
            + "<MessagePayload><RTO><name>CAISO</name><ERROR><ERR_CODE>"
            + code
            + "</ERR_CODE><ERR_DESC>"
            + desc
            + "</ERR_DESC></ERROR></RTO></MessagePayload></OASISReport>";
    return zip("INVALID_REQUEST.xml", xml);
  }

  static SandboxResponse zip(String name, String content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(out)) {
      z.putNextEntry(new ZipEntry(name));
      z.write(content.getBytes(StandardCharsets.UTF_8));
      z.closeEntry();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new SandboxResponse(
        200,
        "application/x-zip-compressed",
        Map.of("Content-Disposition", "inline; filename=" + name.replace(".csv", ".zip")),
        out.toByteArray());
  }

  /** A rate-limit answer is a bare 429; other errors are the XML-in-ZIP error 1014. */
  @Override
  public SandboxResponse error(int status, String message) {
    if (status == 429 || status >= 500) {
      return new SandboxResponse(
          status, "text/plain", Map.of(), message.getBytes(StandardCharsets.UTF_8));
    }
    return xmlError(1014, message);
  }

  @Override
  public byte[] malformed(byte[] body) {
    return "PK\u0003\u0004garbage".getBytes(StandardCharsets.ISO_8859_1);
  }
}
