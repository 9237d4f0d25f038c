package io.aurum.core.request;

import java.util.Map;

/**
 * Where a request's values came from, so one rule names a bad value the way its user wrote it: a
 * flag ({@code --concurrency}) or a place in a file ({@code plan.json:12:20: spec.concurrency}).
 */
@FunctionalInterface
public interface Origin {
  /** The name of {@code field} (snake_case as in files, e.g. {@code batch_size}) here. */
  String name(String field);

  /** Command-line flags: {@code batch_size} is {@code --batch-size}. */
  Origin FLAGS = flags(Map.of());

  /** Flags where some differ from the file key: {@code conflict_strategy} is … */
  static Origin flags(Map<String, String> renamed) {
    Map<String, String> known =
        new java.util.HashMap<>(
            Map.of(
                "retry_backoff_seconds", "--retry-backoff",
                "conflict_strategy", "--resolution-strategy"));
    known.putAll(renamed);
    return field -> known.getOrDefault(field, "--" + field.replace('_', '-'));
  }
}
