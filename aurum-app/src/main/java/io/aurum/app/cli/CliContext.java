package io.aurum.app.cli;

import io.aurum.app.wiring.AppContext;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Map;

/**
 * What a command may touch of its surroundings: environment, output streams, clock, and {@code
 * shared}: the application context of the server a command runs in (null on the command line),
 * whose store, connectors and metrics the command uses instead of opening its own.
 */
public record CliContext(
    Map<String, String> env, PrintWriter out, PrintWriter err, Clock clock, AppContext shared) {

  public CliContext(Map<String, String> env, PrintWriter out, PrintWriter err, Clock clock) {
    this(env, out, err, clock, null);
  }

  public String env(String name) {
    String v = env.get(name);
    return v == null || v.isBlank() ? null : v;
  }

  /** Who is acting, for the audit log. */
  public String actor() {
    String a = env("AURUM_ACTOR");
    if (a == null) {
      a = env("USER");
    }
    return a == null ? "cli" : a;
  }
}
