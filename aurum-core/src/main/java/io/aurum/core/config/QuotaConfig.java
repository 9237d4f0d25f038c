package io.aurum.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.aurum.core.error.AurumException;
import io.aurum.core.model.SourceId;
import io.aurum.core.request.JsonInput;
import io.aurum.core.request.JsonSchemas;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The quotas of {@code data_source_quotas.json}, validated on load: every limit positive, and a
 * {@code max_concurrency} the quota can feed (no more concurrent requests than the strictest limit
 * grants per minute, and at least one). A source has either one quota ({@code limits}, …) or one
 * per market ({@code markets: {name: {limits, …}}}), never both; the older one-quota form of {@code
 * iso} still loads and paces all markets together.
 */
public final class QuotaConfig {
  public static final String FILE = "data_source_quotas.json";

  private final Map<SourceId, SourceQuota> quotas;

  public QuotaConfig(Map<SourceId, SourceQuota> quotas) {
    this.quotas = Map.copyOf(quotas);
  }

  public static QuotaConfig load(Path configDir) {
    JsonInput in = ConfigFiles.read(configDir.resolve(FILE), JsonSchemas.DATA_SOURCE_QUOTAS);
    JsonNode sources = in.root().get("sources");
    Map<SourceId, SourceQuota> out = new EnumMap<>(SourceId.class);
    for (Iterator<Map.Entry<String, JsonNode>> it = sources.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String pointer = "/sources/" + e.getKey();
      SourceId source;
      try {
        source = SourceId.parse(e.getKey());
      } catch (AurumException ex) {
        throw in.badKey(pointer, ex.getMessage());
      }
      out.put(source, parse(in, pointer, "sources." + source.cliName(), e.getValue()));
    }
    return new QuotaConfig(out);
  }

  private static SourceQuota parse(JsonInput in, String pointer, String where, JsonNode n) {
    JsonNode markets = n.get("markets");
    if (markets == null) {
      return parseOne(in, pointer, where, n);
    }
    // Per-market quotas (ISO): each market is an independent API with its own documented limit.
    for (String f : List.of("limits", "max_concurrency", "reserved_share", "typical_latency_ms")) {
      if (n.has(f)) {
        throw in.badKey(
            pointer + "/" + f,
            where
                + "."
                + f
                + " cannot sit beside markets: put it in each of "
                + where
                + ".markets");
      }
    }
    Map<String, SourceQuota> out = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = markets.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String m = e.getKey();
      String at = pointer + "/markets/" + m;
      if (!m.matches("[a-z][a-z0-9_]*")) {
        throw in.badKey(
            at, where + ".markets: market name '" + m + "' must be lower-case, like nyiso");
      }
      out.put(m, parseOne(in, at, where + ".markets." + m, e.getValue()));
    }
    return SourceQuota.perMarket(out);
  }

  private static SourceQuota parseOne(JsonInput in, String pointer, String where, JsonNode n) {
    JsonNode limitsNode = n.get("limits");
    List<SourceQuota.Limit> limits = new ArrayList<>();
    for (int i = 0; i < limitsNode.size(); i++) {
      String at = pointer + "/limits/" + i;
      long requests = (long) ConfigFiles.positiveNumber(in, at, "requests", where + ".limits[]");
      Duration period;
      try {
        period = Duration.parse(ConfigFiles.text(in, at, "period", where + ".limits[]"));
      } catch (DateTimeParseException ex) {
        throw in.bad(
            at + "/period",
            where
                + ".limits[].period must be an ISO-8601 duration such as PT1S, PT1M, PT1H or P1D");
      }
      if (period.isZero() || period.isNegative()) {
        throw in.bad(at + "/period", where + ".limits[].period must be positive");
      }
      limits.add(new SourceQuota.Limit(requests, period));
    }
    int maxConcurrency = (int) ConfigFiles.positiveNumber(in, pointer, "max_concurrency", where);
    double reserved = n.path("reserved_share").asDouble(0);
    Duration latency =
        n.has("typical_latency_ms")
            ? Duration.ofMillis(
                (long) ConfigFiles.positiveNumber(in, pointer, "typical_latency_ms", where))
            : SourceQuota.DEFAULT_TYPICAL_LATENCY;
    SourceQuota q = new SourceQuota(limits, maxConcurrency, reserved, latency);
    double perMinute = q.requestsPerSecond() * 60;
    if (maxConcurrency > Math.max(1, Math.floor(perMinute))) {
      throw in.bad(
          pointer + "/max_concurrency",
          where
              + ".max_concurrency "
              + maxConcurrency
              + " is more than the quota can feed ("
              + (long) Math.max(1, Math.floor(perMinute))
              + " requests a minute at most): lower it");
    }
    return q;
  }

  /** The quota of a source; a source missing from the file is a configuration error. */
  public SourceQuota get(SourceId source) {
    SourceQuota q = quotas.get(source);
    if (q == null) {
      throw new AurumException.BadInput(
          "configuration file "
              + FILE
              + " has no quota for source "
              + source.cliName()
              + ": add one");
    }
    return q;
  }

  public Map<SourceId, SourceQuota> all() {
    return quotas;
  }
}
