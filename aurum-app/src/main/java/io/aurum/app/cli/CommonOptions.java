package io.aurum.app.cli;

import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command's view of the shared options (where data and configuration live, the sandbox switch,
 * logging). The options themselves are {@link GlobalOptions} on the root command, inherited by
 * every subcommand; this mixin reads them from there, wherever on the line they were given.
 */
@Command
public final class CommonOptions {
  private static final GlobalOptions NONE = new GlobalOptions();

  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

  private GlobalOptions global() {
    if (mixee != null && mixee.root().userObject() instanceof AurumCommand root) {
      return root.global;
    }
    return NONE;
  }

  public Path home() {
    return global().home;
  }

  public Path configDir() {
    return global().configDir;
  }

  public String dbUrl() {
    return global().dbUrl;
  }

  public boolean sandbox() {
    return global().sandbox;
  }

  /** The log level asked for, or null for the default. */
  public String logLevel() {
    return global().debug ? "DEBUG" : global().logLevel;
  }
}
