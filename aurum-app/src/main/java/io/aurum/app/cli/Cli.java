package io.aurum.app.cli;

import io.aurum.core.error.AurumException;
import java.util.List;
import picocli.CommandLine;

/**
 * Builds the command line: the factory that hands every command its {@link CliContext}, and the one
 * place where errors become a one-line message and an exit code.
 */
public final class Cli {
  private Cli() {}

  public static CommandLine commandLine(CliContext ctx) {
    // Each run starts from the configured log level and format: an earlier --debug or
    // --log-format json in this JVM does not carry.
    Logging.format(LogFormat.TEXT);
    CommandLine cl = new CommandLine(AurumCommand.class, new CommandFactory(ctx));
    cl.setExecutionStrategy(
        parsed -> {
          Logging.format(logFormat(parsed, ctx));
          return new CommandLine.RunLast().execute(parsed);
        });
    cl.setOut(ctx.out());
    cl.setErr(ctx.err());
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setParameterExceptionHandler(
        (ex, args) -> {
          String cmd = ex.getCommandLine().getCommandSpec().qualifiedName();
          ctx.err().println("aurum: " + usageError(ex) + " (see '" + cmd + " --help')");
          if (Logging.debugRequested(args)) {
            ex.printStackTrace(ctx.err());
          }
          ctx.err().flush();
          return 2;
        });
    cl.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> {
          if (ex instanceof AurumException a) {
            ctx.err().println("aurum: " + oneLine(a.message(CliVocabulary.INSTANCE)));
            if (Logging.debugEnabled()) {
              a.printStackTrace(ctx.err());
            }
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

  /** {@code --log-format}, else {@code AURUM_LOG_FORMAT}, else text. */
  private static LogFormat logFormat(CommandLine.ParseResult parsed, CliContext ctx) {
    CommandLine root = parsed.commandSpec().commandLine();
    if (root.getCommand() instanceof AurumCommand a && a.global.logFormat != null) {
      return a.global.logFormat;
    }
    String env = ctx.env("AURUM_LOG_FORMAT");
    if (env == null) {
      return LogFormat.TEXT;
    }
    LogFormat f = LogFormat.parse(env);
    if (f == null) {
      throw new CommandLine.ParameterException(
          root, "AURUM_LOG_FORMAT '" + env + "' is not a log format: use text or json");
    }
    return f;
  }

  /**
   * A parse error in one line; an unknown command or option names the nearest ones ("did you mean
   * ...?").
   */
  static String usageError(CommandLine.ParameterException ex) {
    String msg = oneLine(ex.getMessage());
    CommandLine at = ex.getCommandLine();
    if (ex instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
      String first = u.getUnmatched().get(0);
      if (!first.startsWith("-") && !at.getSubcommands().isEmpty()) {
        return "unknown command '" + first + "'" + didYouMean(first, at, u.getSuggestions());
      }
      return msg + didYouMean(first, at, u.getSuggestions());
    }
    java.util.regex.Matcher help =
        java.util.regex.Pattern.compile("Unknown subcommand '(.*)'\\.").matcher(msg);
    if (help.matches()) {
      return "unknown command '" + help.group(1) + "'" + didYouMean(help.group(1), at, List.of());
    }
    if (msg.startsWith("Missing required subcommand")) {
      return "'"
          + at.getCommandSpec().qualifiedName()
          + "' needs a command: "
          + String.join(", ", at.getSubcommands().keySet());
    }
    return msg;
  }

  /** The nearest command or option name to a mistyped one, as ": did you mean 'x'?", or "". */
  private static String didYouMean(String typed, CommandLine at, List<String> picocli) {
    String word = typed.contains("=") ? typed.substring(0, typed.indexOf('=')) : typed;
    java.util.Collection<String> names =
        word.startsWith("-")
            ? at.getCommandSpec().optionsMap().keySet()
            : at.getSubcommands().keySet();
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String n : names) {
      int d =
          distance(word.toLowerCase(java.util.Locale.ROOT), n.toLowerCase(java.util.Locale.ROOT));
      if (d < bestDistance) {
        best = n;
        bestDistance = d;
      }
    }
    if (best == null || bestDistance > Math.max(2, word.length() / 3)) {
      best = picocli.isEmpty() ? null : picocli.get(0);
    }
    return best == null ? "" : ": did you mean '" + best + "'?";
  }

  /** Edit distance with adjacent transpositions (optimal string alignment). */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }

  static String oneLine(String s) {
    return s == null ? "" : s.replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
  }
}
