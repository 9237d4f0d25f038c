package io.aurum.core.request;

/**
 * Where a request's values came from, so one rule names a bad value the way its user wrote it: a
 * flag on the command line or a place in a file ({@code plan.json:12:20: spec.concurrency}). Core
 * names fields as concepts (snake_case, as in files); each interface supplies its own origin (the
 * command line's flags are the app's {@code CliVocabulary}).
 */
@FunctionalInterface
public interface Origin {
  /** The name of {@code field} (snake_case as in files, e.g. {@code batch_size}) here. */
  String name(String field);
}
