package io.aurum.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.aurum.core.model.OperationType;
import io.aurum.core.request.JsonInput;
import io.aurum.core.request.JsonSchemas;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * Defaults per operation type and engine timings, from {@code operation_defaults.json} (checked
 * against {@code operation-defaults.schema.json}; the rules between keys are checked here).
 */
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

  /**
   * Engine timings: task leases, heartbeats, when a silent runner counts as dead, and the lease of
   * a fetch slot shared by every process on PostgreSQL ({@code max_concurrency}): a dead process's
   * slots come back within it.
   */
  public record EngineTimings(
      Duration lease, Duration heartbeat, Duration runnerStale, Duration fetchSlotLease) {
    public static final Duration DEFAULT_FETCH_SLOT_LEASE = Duration.ofSeconds(10);
    public static final EngineTimings DEFAULT =
        new EngineTimings(Duration.ofSeconds(60), Duration.ofSeconds(5), Duration.ofSeconds(20));

    /** Timings with the default fetch slot lease. */
    public EngineTimings(Duration lease, Duration heartbeat, Duration runnerStale) {
      this(lease, heartbeat, runnerStale, DEFAULT_FETCH_SLOT_LEASE);
    }
  }

  private final JsonInput in;
  private final JsonNode root;

  /** Timings that replace the file's engine section (a worker's --lease-seconds); null: none. */
  private final EngineTimings engineOverride;

  private OperationDefaults(JsonInput in) {
    this(in, null);
  }

  private OperationDefaults(JsonInput in, EngineTimings engineOverride) {
    this.in = in;
    this.root = in.root();
    this.engineOverride = engineOverride;
  }

  /**
   * These defaults with task leases of {@code lease} (a worker's {@code --lease-seconds}): the
   * heartbeat renews them at least three times a lease, so one late beat loses nothing.
   */
  public OperationDefaults withLease(Duration lease) {
    EngineTimings e = engine();
    Duration beat = e.heartbeat();
    if (beat.multipliedBy(3).compareTo(lease) > 0) {
      beat = lease.dividedBy(3);
    }
    Duration stale = e.runnerStale().compareTo(beat) > 0 ? e.runnerStale() : lease;
    return new OperationDefaults(in, new EngineTimings(lease, beat, stale, e.fetchSlotLease()));
  }

  public static OperationDefaults load(Path configDir) {
    OperationDefaults d =
        new OperationDefaults(
            ConfigFiles.read(configDir.resolve(FILE), JsonSchemas.OPERATION_DEFAULTS));
    for (OperationType t :
        new OperationType[] {OperationType.BACKFILL, OperationType.REPLAY, OperationType.PARTIAL}) {
      d.of(t);
    }
    d.engine();
    d.metricsHistoryRetention();
    d.outboxRetention();
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
      throw in.bad(
          "/" + key,
          key + ": concurrency and batch_size must be above 0, retries and backoff not negative");
    }
    if (t.qualityThreshold() < 0 || t.qualityThreshold() > 1) {
      throw in.bad("/" + key + "/quality_threshold", key + ".quality_threshold must be in [0, 1]");
    }
    return t;
  }

  public EngineTimings engine() {
    if (engineOverride != null) {
      return engineOverride;
    }
    JsonNode n = root.path("engine");
    EngineTimings d = EngineTimings.DEFAULT;
    EngineTimings t =
        new EngineTimings(
            Duration.ofSeconds(n.path("lease_seconds").asLong(d.lease().toSeconds())),
            Duration.ofSeconds(n.path("heartbeat_seconds").asLong(d.heartbeat().toSeconds())),
            Duration.ofSeconds(n.path("runner_stale_seconds").asLong(d.runnerStale().toSeconds())),
            Duration.ofSeconds(
                n.path("fetch_slot_lease_seconds").asLong(d.fetchSlotLease().toSeconds())));
    if (t.heartbeat().compareTo(t.runnerStale()) >= 0 || t.heartbeat().compareTo(t.lease()) >= 0) {
      throw in.bad(
          "/engine/heartbeat_seconds",
          "engine.heartbeat_seconds "
              + t.heartbeat().toSeconds()
              + " must be below runner_stale_seconds ("
              + t.runnerStale().toSeconds()
              + ") and lease_seconds ("
              + t.lease().toSeconds()
              + "): lower it or raise them");
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
      throw in.bad(
          "/retention/superseded_days",
          "retention.superseded_days must be a number of days, not negative");
    }
    return Duration.ofMillis((long) (days * 86_400_000L));
  }

  /** The built-in retention of the metrics history, in days. */
  public static final int DEFAULT_METRICS_HISTORY_DAYS = 90;

  /**
   * Retention of the metrics history ({@code "retention": {"metrics_history_days": 90}}): samples
   * of operation runs and per-source minutes older than this are deleted by the process that
   * records the history, when a run starts.
   */
  public Duration metricsHistoryRetention() {
    JsonNode n = root.path("retention").path("metrics_history_days");
    long days =
        n.isMissingNode() || n.isNull()
            ? DEFAULT_METRICS_HISTORY_DAYS
            : n.canConvertToLong() && n.isIntegralNumber() ? n.asLong() : -1;
    if (days < 1) {
      throw in.bad(
          "/retention/metrics_history_days",
          "retention.metrics_history_days must be a whole number of days, at least 1");
    }
    return Duration.ofDays(days);
  }

  /** The built-in retention of relayed outbox rows, in days. */
  public static final int DEFAULT_OUTBOX_DAYS = 7;

  /**
   * Retention of relayed outbox rows ({@code "retention": {"outbox_days": 7}}): the Kafka relay
   * deletes rows relayed longer ago than this. Rows not relayed yet are never deleted.
   */
  public Duration outboxRetention() {
    JsonNode n = root.path("retention").path("outbox_days");
    long days =
        n.isMissingNode() || n.isNull()
            ? DEFAULT_OUTBOX_DAYS
            : n.canConvertToLong() && n.isIntegralNumber() ? n.asLong() : -1;
    if (days < 1) {
      throw in.bad(
          "/retention/outbox_days",
          "retention.outbox_days must be a whole number of days, at least 1");
    }
    return Duration.ofDays(days);
  }
}
