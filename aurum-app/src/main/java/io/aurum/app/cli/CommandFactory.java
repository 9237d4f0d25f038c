package io.aurum.app.cli;

import java.io.PrintWriter;
import java.time.Clock;
import picocli.CommandLine;

/**
 * Creates every command with its {@link CliContext}. The no-argument constructor is for tools that
 * name a factory by class: the build's completion script and man page generators.
 */
public final class CommandFactory implements CommandLine.IFactory {
  private final CliContext ctx;

  public CommandFactory() {
    this(
        new CliContext(
            System.getenv(),
            new PrintWriter(System.out, true),
            new PrintWriter(System.err, true),
            Clock.systemUTC()));
  }

  CommandFactory(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public <K> K create(Class<K> cls) throws Exception {
    try {
      return cls.getConstructor(CliContext.class).newInstance(ctx);
    } catch (NoSuchMethodException e) {
      return CommandLine.defaultFactory().create(cls);
    }
  }
}
