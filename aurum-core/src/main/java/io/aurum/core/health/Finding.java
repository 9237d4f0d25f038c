package io.aurum.core.health;

/** One finding of a configuration or system check, with its severity. */
public record Finding(Severity severity, String subject, String message) {

  /** ERROR fails the check (exit 5); WARNING and INFO are reported only. */
  public enum Severity {
    ERROR,
    WARNING,
    INFO
  }
}
