package io.aurum.sandbox.iso;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.aurum.sandbox.EmulatorBase;
import io.aurum.sandbox.Revisions;
import io.aurum.sandbox.SandboxRequest;
import io.aurum.sandbox.SandboxResponse;
import io.aurum.sandbox.Values;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Emulates PJM Data Miner 2 {@code /api/v1/rt_hrl_lmps} and {@code /api/v1/da_hrl_lmps}: the {@code
 * Ocp-Apim-Subscription-Key} header is required (401 otherwise, in Azure APIM's shape); filter
 * {@code datetime_beginning_ept=MM/dd/yyyy HH:mmtoMM/dd/yyyy HH:mm} (Eastern clock, both ends
 * inclusive), {@code pnode_id} (semicolon list), {@code row_is_current}; paging {@code startRow}
 * (1-based) and {@code rowCount} (≤ 50,000) with {@code links[rel=next]}. Items are sorted by UTC
 * hour, then node. A revised date has one more version: {@code version_nbr} r+1 is current, and
 * without {@code row_is_current=TRUE} the older versions are listed too. Thread-safe.
 */
public final class PjmEmulator extends EmulatorBase {
  public static final String SOURCE = "pjm";
  public static final ZoneId EASTERN = ZoneId.of("America/New_York");

  /** pnode id → name and type. */
  public static final Map<String, String[]> NODES = new LinkedHashMap<>();

  static {
    NODES.put("51288", new String[] {"WESTERN HUB", "HUB"});
    NODES.put("51217", new String[] {"AEP GEN HUB", "HUB"});
    NODES.put("51300", new String[] {"N ILLINOIS HUB", "HUB"});
    NODES.put("51291", new String[] {"NEW JERSEY HUB", "HUB"});
  }

  private static final DateTimeFormatter EPT = DateTimeFormatter.ofPattern("MM/dd/yyyy HH:mm");
  private static final DateTimeFormatter ISO = DateTimeFormatter.ISO_LOCAL_DATE_TIME;
  private static final JsonFactory JSON = new JsonFactory();

  public PjmEmulator(Revisions revisions, Set<String> rejectedKeys, Clock clock) {
    super(SOURCE, "/api/v1/", revisions, rejectedKeys, clock);
  }

  @Override
  public LocalDate startDate(SandboxRequest r) {
    String[] span = span(r);
    return span == null ? null : LocalDateTime.parse(span[0], EPT).toLocalDate();
  }

  @Override
  public LocalDate endDate(SandboxRequest r) {
    String[] span = span(r);
    return span == null ? null : LocalDateTime.parse(span[1], EPT).toLocalDate();
  }

  private static String[] span(SandboxRequest r) {
    String s = r.first("datetime_beginning_ept");
    if (s == null) {
      return null;
    }
    String[] parts = s.split("to");
    return parts.length == 2 ? new String[] {parts[0].trim(), parts[1].trim()} : null;
  }

  private record Row(Instant utc, String node, int version, boolean current) {}

  @Override
  public SandboxResponse handle(SandboxRequest r) {
    String key = r.header("Ocp-Apim-Subscription-Key");
    if (key == null || key.isBlank()) {
      return apim(
          401,
          "Access denied due to missing subscription key. Make sure to include subscription key"
              + " when making requests to an API.");
    }
    if (rejectedKeys.contains(key)) {
      return apim(
          401,
          "Access denied due to invalid subscription key. Make sure to provide a valid key for an"
              + " active subscription.");
    }
    String feed = r.path().substring(pathPrefix().length()).replaceAll("/+$", "");
    if (!feed.equals("rt_hrl_lmps") && !feed.equals("da_hrl_lmps")) {
      return apim(404, "Resource not found");
    }
    String suffix = feed.startsWith("rt") ? "rt" : "da";
    String[] span = span(r);
    if (span == null) {
      throw new IllegalArgumentException("datetime_beginning_ept is required");
    }
    LocalDateTime lo = LocalDateTime.parse(span[0], EPT);
    LocalDateTime hi = LocalDateTime.parse(span[1], EPT);
    int startRow = Integer.parseInt(orElse(r.first("startRow"), "1"));
    int rowCount = Integer.parseInt(orElse(r.first("rowCount"), "50000"));
    if (startRow < 1 || rowCount < 1 || rowCount > 50_000) {
      throw new IllegalArgumentException("startRow must be >= 1 and rowCount 1..50000");
    }
    boolean currentOnly = "TRUE".equalsIgnoreCase(r.first("row_is_current"));
    List<String> nodes = new ArrayList<>();
    String filter = r.first("pnode_id");
    for (String n : NODES.keySet()) {
      if (filter == null || List.of(filter.split(";")).contains(n)) {
        nodes.add(n);
      }
    }
    Instant published = Instant.now(clock).minusSeconds(3600);
    List<Row> rows = new ArrayList<>();
    Instant from = lo.toLocalDate().atStartOfDay(EASTERN).toInstant().minusSeconds(7200);
    Instant to = hi.toLocalDate().plusDays(1).atStartOfDay(EASTERN).toInstant().plusSeconds(7200);
    for (Instant t = from; t.isBefore(to) && t.isBefore(published); t = t.plusSeconds(3600)) {
      LocalDateTime ept = LocalDateTime.ofInstant(t, EASTERN);
      if (ept.isBefore(lo) || ept.isAfter(hi)) {
        continue;
      }
      int current = revisions.revision(SOURCE, ept.toLocalDate()) + 1;
      for (String n : nodes) {
        for (int v = currentOnly ? current : 1; v <= current; v++) {
          rows.add(new Row(t, n, v, v == current));
        }
      }
    }
    int fromRow = Math.min(rows.size(), startRow - 1);
    int toRow = Math.min(rows.size(), fromRow + rowCount);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeArrayFieldStart("links");
      String self = "http://" + (r.header("Host") == null ? "127.0.0.1" : r.header("Host"));
      link(g, "self", self + r.path() + "?" + query(r, startRow, rowCount));
      if (toRow < rows.size()) {
        link(g, "next", self + r.path() + "?" + query(r, toRow + 1, rowCount));
      }
      link(g, "metadata", self + r.path() + "/metadata");
      g.writeEndArray();
      g.writeArrayFieldStart("items");
      for (Row row : rows.subList(fromRow, toRow)) {
        writeItem(g, row, suffix);
      }
      g.writeEndArray();
      g.writeNumberField("totalRows", rows.size());
      g.writeObjectFieldStart("searchSpecification");
      g.writeNumberField("rowCount", rowCount);
      g.writeStringField("order", "Asc");
      g.writeNumberField("startRow", startRow);
      g.writeBooleanField("isActiveMetadata", true);
      g.writeEndObject();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return SandboxResponse.json(200, out.toByteArray());
  }

  private void writeItem(JsonGenerator g, Row row, String suffix) throws IOException {
    String[] node = NODES.get(row.node());
    double[] v = prices(suffix, row.node(), row.utc(), row.version());
    g.writeStartObject();
    g.writeStringField("datetime_beginning_utc", ISO.format(row.utc().atOffset(ZoneOffset.UTC)));
    g.writeStringField(
        "datetime_beginning_ept", ISO.format(LocalDateTime.ofInstant(row.utc(), EASTERN)));
    g.writeNumberField("pnode_id", Long.parseLong(row.node()));
    g.writeStringField("pnode_name", node[0]);
    g.writeNullField("voltage");
    g.writeNullField("equipment");
    g.writeStringField("type", node[1]);
    g.writeNullField("zone");
    g.writeNumberField("system_energy_price_" + suffix, v[1]);
    g.writeNumberField("total_lmp_" + suffix, v[0]);
    g.writeNumberField("congestion_price_" + suffix, v[2]);
    g.writeNumberField("marginal_loss_price_" + suffix, v[3]);
    g.writeBooleanField("row_is_current", row.current());
    g.writeNumberField("version_nbr", row.version());
    g.writeEndObject();
  }

  /** Total LMP, energy, congestion and loss of a node and hour at a version (1-based). */
  public double[] prices(String suffix, String node, Instant utc, int version) {
    int h = LocalDateTime.ofInstant(utc, EASTERN).getHour();
    double level = 30 * (1 + 0.3 * Math.sin(2 * Math.PI * (h - 11) / 24.0));
    double energy =
        Values.value(level, 0.2, 2, version - 1, suffix, node, utc.toString()).doubleValue();
    double cong = Values.value(1, 2, 2, 0, suffix, node, utc.toString(), "c").doubleValue() - 1;
    double loss = Values.value(0.5, 1, 2, 0, suffix, node, utc.toString(), "l").doubleValue();
    double total = Math.round((energy + cong + loss) * 100) / 100.0;
    return new double[] {total, energy, cong, loss};
  }

  private static void link(JsonGenerator g, String rel, String href) throws IOException {
    g.writeStartObject();
    g.writeStringField("rel", rel);
    g.writeStringField("href", href);
    g.writeEndObject();
  }

  private static String query(SandboxRequest r, int startRow, int rowCount) {
    List<String> p = new ArrayList<>();
    r.query()
        .forEach(
            (k, vs) -> {
              if (!k.equalsIgnoreCase("startRow") && !k.equalsIgnoreCase("rowCount")) {
                vs.forEach(v -> p.add(enc(k) + "=" + enc(v)));
              }
            });
    p.add("startRow=" + startRow);
    p.add("rowCount=" + rowCount);
    return String.join("&", p);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static SandboxResponse apim(int status, String message) {
    return SandboxResponse.json(
        status, "{\"statusCode\":" + status + ",\"message\":" + Values.quote(message) + "}");
  }

  @Override
  public SandboxResponse error(int status, String message) {
    if (status == 429) {
      return apim(429, "Rate limit is exceeded. Try again in 10 seconds.");
    }
    return SandboxResponse.json(
        status, "{\"errors\":[{\"message\":" + Values.quote(message) + "}]}");
  }
}
