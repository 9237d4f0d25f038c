package io.aurum.sandbox;

/** What {@link Faults} makes of one answer: instead of it, or to its body. */
enum FaultKind {
  NONE,
  THROTTLE,
  UNAVAILABLE,
  SERVER_ERROR,
  RESET,
  TRUNCATE,
  MALFORMED,
  STALL,
  SUSPENDED
}
