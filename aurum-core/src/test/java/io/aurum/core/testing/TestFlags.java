package io.aurum.core.testing;

import io.aurum.core.request.Origin;
import java.util.Map;

/**
 * An {@link Origin} that spells fields as command-line flags, for core's tests of messages that
 * name a field the way a user typed it. The app's {@code CliVocabulary} is the real one; core names
 * concepts and never flags.
 */
public final class TestFlags {
  /** The two file keys the command line spells otherwise. */
  private static final Map<String, String> RENAMED =
      Map.of(
          "retry_backoff_seconds", "--retry-backoff", "conflict_strategy", "--resolution-strategy");

  /** {@code batch_size} is {@code --batch-size}. */
  public static final Origin FLAGS = flags(Map.of());

  private TestFlags() {}

  /** {@link #FLAGS} with a command's own {@code renamed} fields. */
  public static Origin flags(Map<String, String> renamed) {
    return field ->
        renamed.containsKey(field)
            ? renamed.get(field)
            : RENAMED.getOrDefault(field, "--" + field.replace('_', '-'));
  }
}
