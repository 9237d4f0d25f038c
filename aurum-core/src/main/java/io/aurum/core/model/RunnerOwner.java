package io.aurum.core.model;

import java.time.Instant;

/**
 * The process that drives an operation: its host, its pid and when that process started (so that a
 * pid the operating system gave to another process later is not mistaken for the owner). The start
 * is null when the platform does not tell it.
 */
public record RunnerOwner(String host, long pid, Instant processStart) {

  /** For messages: {@code pid 4242 on host vm}. */
  public String describe() {
    return "pid " + pid + " on host " + host;
  }
}
