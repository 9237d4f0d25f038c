package io.aurum.core.error;

/**
 * A user-facing message that names fields and next steps through a {@link Vocabulary}, so each
 * interface renders it in its own terms: {@code v -> v.name("days") + " must be above 0"} reads
 * "--days must be above 0" on the command line.
 */
@FunctionalInterface
public interface Phrase {
  String in(Vocabulary v);
}
