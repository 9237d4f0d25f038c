package io.aurum.app.cli;

import io.aurum.core.error.AurumException;
import picocli.CommandLine;

/**
 * Builds the command line: the factory that hands every command its {@link CliContext}, and the one
 * place where errors become a one-line message and an exit code.
 */
public final class Cli {
  private Cli() {}

  public static CommandLine commandLine(CliContext ctx) {
    CommandLine.IFactory factory =
        new CommandLine.IFactory() {
          @Override
          public <K> K create(Class<K> cls) throws Exception {
            try {
              return cls.getConstructor(CliContext.class).newInstance(ctx);
            } catch (NoSuchMethodException e) {
              return CommandLine.defaultFactory().create(cls);
            }
          }
        };
    CommandLine cl = new CommandLine(AurumCommand.class, factory);
    cl.setOut(ctx.out());
    cl.setErr(ctx.err());
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setParameterExceptionHandler(
        (ex, args) -> {
          String cmd = ex.getCommandLine().getCommandSpec().qualifiedName();
          ctx.err().println("aurum: " + oneLine(ex.getMessage()) + " (see '" + cmd + " --help')");
          ctx.err().flush();
          return 2;
        });
    cl.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> {
          if (ex instanceof AurumException a) {
            ctx.err().println("aurum: " + oneLine(a.getMessage()));
            ctx.err().flush();
            return a.exitCode();
          }
          ctx.err()
              .println(
                  "aurum: internal error: "
                      + oneLine(String.valueOf(ex))
                      + " (rerun with --debug for details)");
          if (Logging.debugEnabled()) {
            ex.printStackTrace(ctx.err());
          }
          ctx.err().flush();
          return 1;
        });
    return cl;
  }

  static String oneLine(String s) {
    return s == null ? "" : s.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
  }
}
