package io.aurum.app.cli;

import io.aurum.app.wiring.AppContext;
import io.aurum.core.usecase.Tokens;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code aurum tokens revoke --name N}: the token stops working at once, in every server. */
@Command(
    name = "revoke",
    mixinStandardHelpOptions = true,
    description = "Revoke a token: every server refuses it from its next request.")
public final class TokensRevoke extends Tool {
  @Option(names = "--name", required = true, paramLabel = "NAME")
  String name;

  public TokensRevoke(CliContext cli) {
    super(cli);
  }

  @Override
  int run(AppContext app) {
    new Tokens(store(app)).revoke(name, cli.actor());
    cli.out().printf("token %s revoked%n", name);
    cli.out().flush();
    return 0;
  }
}
