package io.aurum.app.cli;

import io.aurum.app.wiring.AppContext;
import io.aurum.core.model.Role;
import io.aurum.core.usecase.Tokens;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code aurum tokens create --role viewer|operator|admin --name N}: the token, shown once. */
@Command(
    name = "create",
    mixinStandardHelpOptions = true,
    description = "Make a token for the server; it is printed once and stored only as its SHA-256.")
public final class TokensCreate extends Tool {
  @Option(names = "--role", required = true, paramLabel = "viewer|operator|admin")
  String role;

  @Option(
      names = "--name",
      required = true,
      paramLabel = "NAME",
      description =
          "Who holds it (1-64 letters, digits, '.', '-', '_'); unique among active tokens.")
  String name;

  @Mixin FormatOption formats;

  private String format;
  private Role parsed;

  public TokensCreate(CliContext cli) {
    super(cli);
  }

  @Override
  void validate() {
    format = formats.of("table", "json");
    parsed = Role.parse(role);
  }

  @Override
  int run(AppContext app) {
    Tokens.Created made = new Tokens(app.store()).create(name, parsed, cli.actor());
    if (format.equals("json")) {
      Output.json(
          Map.of("name", made.name(), "role", made.role().cliName(), "token", made.token()),
          cli.out());
    } else {
      cli.out()
          .printf("token %s (%s), shown this once:%n%s%n", name, parsed.cliName(), made.token());
    }
    cli.out().flush();
    return 0;
  }
}
