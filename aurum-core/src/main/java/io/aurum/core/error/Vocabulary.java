package io.aurum.core.error;

import io.aurum.core.request.Origin;

/**
 * How an interface names what core's messages speak of: a field ({@link Origin#name}, e.g. {@code
 * days}) and a {@link NextStep}. Core builds a message as a {@link Phrase} over a vocabulary and
 * never spells a flag or a command; the command line maps both to what its user types (its
 * vocabulary lives in the application), and an HTTP API will map them to its fields and requests.
 */
public interface Vocabulary extends Origin {
  /** How this interface's user takes {@code step}, e.g. the command to type. */
  String step(NextStep step);

  /**
   * Core's own words, for logs and tests that have no interface: a field is its name in words
   * ({@code estimated_hours} is "estimated hours"), a step is described.
   */
  Vocabulary CONCEPTS =
      new Vocabulary() {
        @Override
        public String name(String field) {
          return field.replace('_', ' ');
        }

        @Override
        public String step(NextStep s) {
          return s.action().words() + (s.subject() == null ? "" : " " + s.subject());
        }
      };
}
