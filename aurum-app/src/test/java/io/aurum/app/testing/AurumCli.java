package io.aurum.app.testing;

import io.aurum.app.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.util.Map;

/** Runs {@code aurum} command lines in this JVM, capturing exit code and output. */
public final class AurumCli {
  private AurumCli() {}

  /** What a command line did. */
  public record Result(int exit, String out, String err) {
    public String all() {
      return out + err;
    }
  }

  public static Result run(Map<String, String> env, String... args) {
    return run(Clock.systemUTC(), env, args);
  }

  /** Runs with {@code clock} as the engine's clock (due times, leases, breaker holds). */
  public static Result run(Clock clock, Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, env, new PrintWriter(out, true), new PrintWriter(err, true), clock);
    return new Result(code, out.toString(), err.toString());
  }
}
