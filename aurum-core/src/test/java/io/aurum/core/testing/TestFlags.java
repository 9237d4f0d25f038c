package io.aurum.core.testing;

import io.aurum.core.request.Origin;
import java.util.HashMap;
import java.util.Map;

/**
 * An {@link Origin} that spells fields as command-line flags, for core's tests of messages that
 * name a field the way a user typed it. The app's {@code CliVocabulary} is the real one; core names
 * concepts and never flags.
 */
public final class TestFlags {
  /** {@code batch_size} is {@code --batch-size}; two keys are renamed as on the command line. */
  public static final Origin FLAGS = flags(Map.of());

  private TestFlags() {}

  /** {@link #FLAGS} with some fields {@code renamed}. */
  public static Origin flags(Map<String, String> renamed) {
    Map<String, String> known =
        new HashMap<>(
            Map.of(
                "retry_backoff_seconds", "--retry-backoff",
                "conflict_strategy", "--resolution-strategy"));
    known.putAll(renamed);
    return field -> known.getOrDefault(field, "--" + field.replace('_', '-'));
  }
}
