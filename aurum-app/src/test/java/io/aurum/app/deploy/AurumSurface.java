package io.aurum.app.deploy;

import io.aurum.app.cli.Cli;
import io.aurum.app.cli.CliContext;
import io.aurum.connectors.Upstream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine;

/**
 * What Aurum reads, derived from the code itself: its environment variables and its command line
 * (the picocli model of the real commands), for checking the deployment files against.
 */
final class AurumSurface {
  /**
   * Commands of issue 21 being built on other branches ({@code aurum worker}: h-work; {@code aurum
   * relay}: h-relay). A command line of one of these is checked against the picocli model only once
   * the command exists; until then it is skipped. After merging both branches, empty this set: a
   * command of the deployment files that does not exist is then a failure.
   */
  static final Set<String> PENDING_COMMANDS = Set.of();

  /** Set by the image or the container runtime for the OS, not for Aurum. */
  static final Set<String> OS_VARIABLES = Set.of("PATH");

  private static final Pattern JAVA_LITERAL = Pattern.compile("\"(AURUM_[A-Z0-9_]*[A-Z0-9])\"");
  private static final Pattern SHELL_VARIABLE = Pattern.compile("\\$\\{?(AURUM_[A-Z0-9_]+)");

  private AurumSurface() {}

  /**
   * Every environment variable Aurum reads: the upstreams' base URL and credential variables, every
   * {@code "AURUM_…"} name in the main sources, and those the launcher and its scripts read.
   */
  static Set<String> environmentVariables() {
    return Derived.ENVIRONMENT;
  }

  /** Computed once per test run: the scan reads every main source file. */
  private static final class Derived {
    static final Set<String> ENVIRONMENT = Set.copyOf(scan());
  }

  private static Set<String> scan() {
    Set<String> names = new TreeSet<>();
    for (Upstream u : Upstream.values()) {
      names.add(u.baseUrlVariable());
      if (u.keyVariable() != null) {
        names.add(u.keyVariable());
      }
    }
    try (Stream<Path> modules = Files.list(DeployFiles.ROOT)) {
      for (Path m : modules.filter(p -> p.getFileName().toString().startsWith("aurum-")).toList()) {
        Path main = m.resolve("src/main/java");
        if (!Files.isDirectory(main)) {
          continue;
        }
        try (Stream<Path> files = Files.walk(main)) {
          files
              .filter(p -> p.toString().endsWith(".java"))
              .forEach(p -> find(JAVA_LITERAL, DeployFiles.read(p), names));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    find(SHELL_VARIABLE, DeployFiles.read(DeployFiles.ROOT.resolve("aurum")), names);
    try (Stream<Path> scripts = Files.list(DeployFiles.ROOT.resolve("scripts"))) {
      scripts.forEach(p -> find(SHELL_VARIABLE, DeployFiles.read(p), names));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return names;
  }

  private static void find(Pattern p, String text, Set<String> into) {
    Matcher m = p.matcher(text);
    while (m.find()) {
      into.add(m.group(1));
    }
  }

  static CommandLine commandLine() {
    PrintWriter sink = new PrintWriter(new StringWriter());
    return Cli.commandLine(new CliContext(Map.of(), sink, sink, Clock.systemUTC()));
  }

  static boolean exists(String command) {
    return commandLine().getSubcommands().containsKey(command);
  }

  /** A command line Aurum parses, or its own picocli error; empty when skipped as pending. */
  sealed interface Checked {}

  record Parsed(CommandLine.ParseResult result) implements Checked {}

  record Refused(String why) implements Checked {}

  record Pending(String command) implements Checked {}

  /** Parses {@code aurum ARGS} with the real commands' model, running nothing. */
  static Checked check(List<String> args) {
    if (args.isEmpty()) {
      return new Refused("no command");
    }
    String command = args.get(0);
    if (!exists(command) && PENDING_COMMANDS.contains(command)) {
      return new Pending(command);
    }
    try {
      return new Parsed(commandLine().parseArgs(args.toArray(String[]::new)));
    } catch (CommandLine.ParameterException e) {
      return new Refused(e.getMessage());
    }
  }

  /** The option's typed value in the matched subcommand, or its default. */
  static <T> T optionOf(CommandLine.ParseResult parsed, String option, T fallback) {
    CommandLine.ParseResult sub = parsed.subcommand();
    return sub == null ? fallback : sub.matchedOptionValue(option, fallback);
  }
}
