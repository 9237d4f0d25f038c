package io.aurum.app.cli;

import io.aurum.core.error.NextStep;
import io.aurum.core.error.Vocabulary;
import io.aurum.core.request.Origin;
import java.util.HashMap;
import java.util.Map;

/**
 * The one place where the command line names what core's messages speak of: a field is its flag
 * ({@code days} is {@code --days}), a {@link NextStep} is the command and flags the user types.
 * Core says concepts ({@link io.aurum.core.error.Phrase}); {@link Cli} renders every refusal
 * through this, and commands hand it to core where a report names a next step. The switch is
 * exhaustive: a new step does not compile until the command line says how to take it.
 */
public final class CliVocabulary implements Vocabulary {
  public static final CliVocabulary INSTANCE = new CliVocabulary();

  /** Command-line flags: {@code batch_size} is {@code --batch-size}. */
  public static final Origin FLAGS = flags(Map.of());

  private CliVocabulary() {}

  /**
   * Flags where some differ from the file key: {@code retry_backoff_seconds} is {@code
   * --retry-backoff}, {@code conflict_strategy} is {@code --resolution-strategy}, and {@code
   * renamed} adds a command's own.
   */
  public static Origin flags(Map<String, String> renamed) {
    Map<String, String> known =
        new HashMap<>(
            Map.of(
                "retry_backoff_seconds", "--retry-backoff",
                "conflict_strategy", "--resolution-strategy"));
    known.putAll(renamed);
    return field -> known.getOrDefault(field, "--" + field.replace('_', '-'));
  }

  @Override
  public String name(String field) {
    return FLAGS.name(field);
  }

  @Override
  public String step(NextStep s) {
    String subject = s.subject();
    return switch (s.action()) {
      case SHOW_STATUS -> "aurum status --job-id " + subject;
      case WAIT_FOR_OPERATION -> "--wait";
      case RESUME_OPERATION -> "aurum resume --job-id " + subject;
      case CLEAN_UP_OPERATION -> "aurum cleanup --job-id " + subject;
      case LIST_OPERATIONS -> "aurum ops list";
      case CASCADE_ROLLBACK -> "--cascade";
      case PURGE_SUPERSEDED -> "aurum cleanup --purge-superseded";
      case REPROCESS_FAILURE_LOG -> "aurum reprocess --type failed_records --failure-log FILE";
      case WRITE_CONFLICT_FILE -> "aurum conflicts detect --output";
      case WRITE_SCHEMA_CHECK_FILE -> "aurum schema check --output";
      case RELEASE_STOP -> "aurum emergency release";
      case RELEASE_ISOLATION -> "aurum emergency release --isolation --source " + subject;
      case RELEASE_MONITOR -> "aurum emergency release --monitor";
    };
  }
}
