package io.aurum.core.estimate;

import com.fasterxml.jackson.databind.JsonNode;
import io.aurum.core.config.ConfigFiles;
import io.aurum.core.model.SourceId;
import io.aurum.core.request.JsonInput;
import io.aurum.core.request.JsonSchemas;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

/**
 * What an operation costs, from {@code cost_model.json}: compute per worker-hour, storage per
 * GB-month, and per source the price of a request ({@code api_call_cost}), of a GB transferred, of
 * a quota-day (what a day of the source's quota is worth where the API itself is free) and the
 * bytes a record takes on the wire. A configuration directory without the file gets {@link
 * #DEFAULT} (the repository's file); a file is checked against {@code cost-model.schema.json}.
 */
public record CostModel(
    String currency,
    double computePerHour,
    double storagePerGbMonth,
    long storageBytesPerRow,
    Map<SourceId, Double> apiCallCost,
    Map<SourceId, Long> wireBytesPerRecord,
    Map<SourceId, Double> perGbTransferred,
    Map<SourceId, Double> quotaDayValue) {

  public static final String FILE = "cost_model.json";
  public static final long DEFAULT_WIRE_BYTES_PER_RECORD = 120;

  public static final CostModel DEFAULT = new CostModel("USD", 0.10, 0.023, 96, Map.of(), Map.of());

  public CostModel {
    apiCallCost = Map.copyOf(apiCallCost);
    wireBytesPerRecord = Map.copyOf(wireBytesPerRecord);
    perGbTransferred = Map.copyOf(perGbTransferred);
    quotaDayValue = Map.copyOf(quotaDayValue);
    if (computePerHour < 0 || storagePerGbMonth < 0 || storageBytesPerRow <= 0) {
      throw new IllegalArgumentException(
          "prices must not be negative and storage_bytes_per_row must be above 0");
    }
  }

  /** A model without transfer or quota-day prices (the file's first form). */
  public CostModel(
      String currency,
      double computePerHour,
      double storagePerGbMonth,
      long storageBytesPerRow,
      Map<SourceId, Double> apiCallCost,
      Map<SourceId, Long> wireBytesPerRecord) {
    this(
        currency,
        computePerHour,
        storagePerGbMonth,
        storageBytesPerRow,
        apiCallCost,
        wireBytesPerRecord,
        Map.of(),
        Map.of());
  }

  /** The price of one GB (10^9 bytes) read from the source. */
  public double gbCost(SourceId s) {
    return perGbTransferred.getOrDefault(s, 0.0);
  }

  /** What one day of the source's quota is worth. */
  public double quotaDayCost(SourceId s) {
    return quotaDayValue.getOrDefault(s, 0.0);
  }

  public double callCost(SourceId s) {
    return apiCallCost.getOrDefault(s, 0.0);
  }

  public long wireBytes(SourceId s) {
    return wireBytesPerRecord.getOrDefault(s, DEFAULT_WIRE_BYTES_PER_RECORD);
  }

  public static CostModel load(Path configDir) {
    Path file = configDir.resolve(FILE);
    if (!Files.exists(file)) {
      return DEFAULT;
    }
    JsonInput in = ConfigFiles.read(file, JsonSchemas.COST_MODEL);
    JsonNode n = in.root();
    Map<SourceId, Double> calls = new EnumMap<>(SourceId.class);
    Map<SourceId, Long> wire = new EnumMap<>(SourceId.class);
    Map<SourceId, Double> gb = new EnumMap<>(SourceId.class);
    Map<SourceId, Double> quotaDay = new EnumMap<>(SourceId.class);
    n.path("sources")
        .fields()
        .forEachRemaining(
            e -> {
              SourceId s = SourceId.parse(e.getKey());
              calls.put(s, e.getValue().path("api_call_cost").asDouble(0));
              gb.put(s, e.getValue().path("price_per_gb_transferred").asDouble(0));
              quotaDay.put(s, e.getValue().path("quota_day_value").asDouble(0));
              wire.put(
                  s,
                  e.getValue().path("wire_bytes_per_record").asLong(DEFAULT_WIRE_BYTES_PER_RECORD));
            });
    try {
      return new CostModel(
          n.path("currency").asText(DEFAULT.currency()),
          n.path("compute_per_hour").asDouble(DEFAULT.computePerHour()),
          n.path("storage_per_gb_month").asDouble(DEFAULT.storagePerGbMonth()),
          n.path("storage_bytes_per_row").asLong(DEFAULT.storageBytesPerRow()),
          calls,
          wire,
          gb,
          quotaDay);
    } catch (IllegalArgumentException e) {
      throw in.bad("", e.getMessage());
    }
  }
}
