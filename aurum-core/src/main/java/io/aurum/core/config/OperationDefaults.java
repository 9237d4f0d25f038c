package io.aurum.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.aurum.core.model.OperationType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/** Defaults per operation type and engine timings, from {@code operation_defaults.json}. */
public final class OperationDefaults {
  public static final String FILE = "operation_defaults.json";

  /** Defaults of one operation type. */
  public record TypeDefaults(
      int concurrency,
      int batchSize,
      int maxRetries,
      double retryBackoffSeconds,
      int progressIntervalSeconds,
      double qualityThreshold,
      String conflictStrategy) {}

  /** Engine timings: task leases, heartbeats, and when a silent runner counts as dead. */
  public record EngineTimings(Duration lease, Duration heartbeat, Duration runnerStale) {
    public static final EngineTimings DEFAULT =
        new EngineTimings(Duration.ofSeconds(60), Duration.ofSeconds(5), Duration.ofSeconds(20));
  }

  private final JsonNode root;
  private final Path file;

  private OperationDefaults(Path file, JsonNode root) {
    this.file = file;
    this.root = root;
  }

  public static OperationDefaults load(Path configDir) {
    Path file = configDir.resolve(FILE);
    OperationDefaults d = new OperationDefaults(file, ConfigFiles.read(file));
    for (OperationType t :
        new OperationType[] {OperationType.BACKFILL, OperationType.REPLAY, OperationType.PARTIAL}) {
      d.of(t);
    }
    d.engine();
    return d;
  }

  public TypeDefaults of(OperationType type) {
    String key = type.name().toLowerCase(Locale.ROOT);
    JsonNode n = root.path(key);
    TypeDefaults t =
        new TypeDefaults(
            n.path("concurrency").asInt(3),
            n.path("batch_size").asInt(1000),
            n.path("max_retries").asInt(3),
            n.path("retry_backoff_seconds").asDouble(1.0),
            n.path("progress_interval_seconds").asInt(300),
            n.path("quality_threshold").asDouble(0.5),
            n.path("conflict_strategy").asText("latest_wins"));
    if (t.concurrency() <= 0
        || t.batchSize() <= 0
        || t.maxRetries() < 0
        || t.retryBackoffSeconds() < 0) {
      throw ConfigFiles.bad(
          file,
          key + ": concurrency and batch_size must be above 0, retries and backoff not negative");
    }
    if (t.qualityThreshold() < 0 || t.qualityThreshold() > 1) {
      throw ConfigFiles.bad(file, key + ".quality_threshold must be in [0, 1]");
    }
    return t;
  }

  public EngineTimings engine() {
    JsonNode n = root.path("engine");
    EngineTimings d = EngineTimings.DEFAULT;
    EngineTimings t =
        new EngineTimings(
            Duration.ofSeconds(n.path("lease_seconds").asLong(d.lease().toSeconds())),
            Duration.ofSeconds(n.path("heartbeat_seconds").asLong(d.heartbeat().toSeconds())),
            Duration.ofSeconds(n.path("runner_stale_seconds").asLong(d.runnerStale().toSeconds())));
    if (t.heartbeat().compareTo(t.runnerStale()) >= 0 || t.heartbeat().compareTo(t.lease()) >= 0) {
      throw ConfigFiles.bad(
          file, "engine.heartbeat_seconds must be below runner_stale_seconds and lease_seconds");
    }
    return t;
  }

  /**
   * Retention ({@code "retention": {"superseded_days": 30}}): how long a superseded version is kept
   * after it was superseded before {@code aurum cleanup --purge-superseded} may delete it.
   */
  public Duration supersededRetention() {
    JsonNode n = root.path("retention").path("superseded_days");
    double days = n.isMissingNode() || n.isNull() ? 30 : n.asDouble(-1);
    if (!(days >= 0)) {
      throw ConfigFiles.bad(
          file, "retention.superseded_days must be a number of days, not negative");
    }
    return Duration.ofMillis((long) (days * 86_400_000L));
  }
}
