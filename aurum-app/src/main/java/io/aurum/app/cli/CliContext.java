package io.aurum.app.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.Map;

/** What a command may touch of its surroundings: environment, output streams, clock. */
public record CliContext(Map<String, String> env, PrintWriter out, PrintWriter err, Clock clock) {

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
