package io.aurum.core.model;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The parameters as a string map ({@code extra}), the form specs were stored in before {@link
 * OperationParams} (stored-spec version 1) and the form plan files keep ({@code spec.extra}). The
 * only place that knows the map's keys. Stateless.
 */
public final class LegacyExtra {
  static final String ESTIMATE = "estimate_";

  private LegacyExtra() {}

  /** The typed parameters of an {@code extra} map of an operation of {@code type}. */
  public static OperationParams read(OperationType type, Map<String, String> x) {
    String quota = x.get("quota_key");
    OperationParams.Quality quality =
        new OperationParams.Quality(
            x.get("quality_profile"),
            parse(x.get("validation_threshold"), Double::valueOf),
            checks(x.get("quality_checks")));
    return switch (type) {
      case BACKFILL ->
          new BackfillParams(
              quota,
              quality,
              parse(x.get("parallelism"), Integer::valueOf),
              x.get("max_memory"),
              x.get("plan_file"),
              estimate(x));
      case REPLAY ->
          new ReplayParams(
              quota,
              quality,
              x.get("replay_type"),
              parse(x.get("as_of"), LocalDate::parse),
              transforms(x));
      case PARTIAL ->
          new ReprocessParams(
              quota,
              quality,
              x.get("partial_type"),
              x.get("hours"),
              x.get("incremental_field"),
              parse(x.get("rollback_plan_quality_below"), Double::valueOf),
              transforms(x));
      case ROLLBACK ->
          new RollbackParams(
              quota,
              quality,
              x.get("rolled_back"),
              x.get("rollback_type"),
              Boolean.parseBoolean(x.get("cascade")));
      case INGEST, RECOVERY -> new BasicParams(quota, quality);
    };
  }

  /** The {@code extra} map of {@code p}: what {@link #read} reads back. */
  public static Map<String, String> write(OperationParams p) {
    Map<String, String> x = new LinkedHashMap<>();
    put(x, "quota_key", p.quotaKey());
    OperationParams.Quality q = p.quality();
    put(x, "quality_profile", q.profile());
    put(x, "validation_threshold", q.threshold());
    if (!q.checks().isEmpty()) {
      x.put("quality_checks", String.join(",", q.checks()));
    }
    if (p instanceof BackfillParams b) {
      put(x, "parallelism", b.parallelism());
      put(x, "max_memory", b.memoryBudget());
      put(x, "plan_file", b.planFile());
      OperationParams.Estimate e = b.estimate();
      if (e != null) {
        put(x, ESTIMATE + "api_calls", e.apiCalls());
        put(x, ESTIMATE + "records", e.records());
        put(x, ESTIMATE + "bytes", e.bytes());
        put(x, ESTIMATE + "duration_seconds", e.durationSeconds());
        put(x, ESTIMATE + "partitions", e.partitions());
        put(x, ESTIMATE + "bound", e.bound());
        if (e.cost() != null) {
          x.put(ESTIMATE + "cost", String.format(Locale.ROOT, "%.4f", e.cost()));
        }
      }
    } else if (p instanceof ReplayParams r) {
      put(x, "replay_type", r.replayType());
      put(x, "as_of", r.asOf());
      transforms(x, r.transforms());
    } else if (p instanceof ReprocessParams r) {
      put(x, "partial_type", r.partialType());
      put(x, "hours", r.hours());
      put(x, "incremental_field", r.incrementalField());
      put(x, "rollback_plan_quality_below", r.rollbackBelow());
      transforms(x, r.transforms());
    } else if (p instanceof RollbackParams r) {
      put(x, "rolled_back", r.rolledBack());
      put(x, "rollback_type", r.rollbackType());
      x.put("cascade", String.valueOf(r.cascade()));
    }
    return x;
  }

  private static OperationParams.Transforms transforms(Map<String, String> x) {
    return new OperationParams.Transforms(
        x.get("schema_version"),
        x.get("migration_script_text"),
        x.get("custom_transform_text"),
        x.get("custom_transform_plugin"),
        x.get("validation_script_text"),
        x.get("validation_plugin"),
        x.get("algorithm_version"),
        x.get("algorithm_params"));
  }

  private static void transforms(Map<String, String> x, OperationParams.Transforms t) {
    put(x, "schema_version", t.schemaVersion());
    put(x, "migration_script_text", t.migration());
    put(x, "custom_transform_text", t.customTransform());
    put(x, "custom_transform_plugin", t.customPlugin());
    put(x, "validation_script_text", t.validation());
    put(x, "validation_plugin", t.validationPlugin());
    put(x, "algorithm_version", t.algorithm());
    put(x, "algorithm_params", t.algorithmParams());
  }

  private static OperationParams.Estimate estimate(Map<String, String> x) {
    if (x.keySet().stream().noneMatch(k -> k.startsWith(ESTIMATE))) {
      return null;
    }
    return new OperationParams.Estimate(
        parse(x.get(ESTIMATE + "api_calls"), Long::valueOf),
        parse(x.get(ESTIMATE + "records"), Long::valueOf),
        parse(x.get(ESTIMATE + "bytes"), Long::valueOf),
        parse(x.get(ESTIMATE + "duration_seconds"), Double::valueOf),
        parse(x.get(ESTIMATE + "partitions"), Integer::valueOf),
        x.get(ESTIMATE + "bound"),
        parse(x.get(ESTIMATE + "cost"), Double::valueOf));
  }

  private static List<String> checks(String s) {
    return s == null || s.isBlank()
        ? List.of()
        : Arrays.stream(s.split(",")).map(String::trim).filter(c -> !c.isEmpty()).toList();
  }

  /** {@code s} parsed, or null when absent or unparsable (old specs are read leniently). */
  private static <T> T parse(String s, Function<String, T> f) {
    if (s == null) {
      return null;
    }
    try {
      return f.apply(s.trim());
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static void put(Map<String, String> x, String key, Object value) {
    if (value != null) {
      x.put(key, value.toString());
    }
  }
}
