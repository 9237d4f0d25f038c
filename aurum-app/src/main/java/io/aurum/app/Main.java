package io.aurum.app;

import io.aurum.app.cli.Cli;
import io.aurum.app.cli.CliContext;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Map;

/** The {@code aurum} command line. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    int code = run(args, System.getenv(), out, err, Clock.systemUTC());
    out.flush();
    err.flush();
    System.exit(code);
  }

  /** Runs one command line and returns its exit code (docs/errors.md). */
  public static int run(
      String[] args, Map<String, String> env, PrintWriter out, PrintWriter err, Clock clock) {
    return Cli.commandLine(new CliContext(env, out, err, clock)).execute(args);
  }
}
