package io.aurum.app.cli;

import io.aurum.app.wiring.AppContext;
import io.aurum.core.port.TokenRepository.StoredToken;
import io.aurum.core.usecase.Tokens;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code aurum tokens list}: the tokens, never their secrets. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    description = "The server's tokens: name, role, who made it, when, last use.")
public final class TokensList extends Tool {
  @Option(names = "--all", description = "Revoked tokens too.")
  boolean all;

  @Mixin FormatOption formats;

  private String format;

  public TokensList(CliContext cli) {
    super(cli);
  }

  @Override
  void validate() {
    format = formats.of("table", "json", "ndjson", "csv", "markdown");
  }

  @Override
  int run(AppContext app) {
    List<StoredToken> shown =
        app.existingStore().map(s -> new Tokens(s).list(all)).orElse(List.of());
    Render.Table t =
        Render.Table.of("name", "role", "active", "created_by", "created_at", "last_used_at");
    for (StoredToken k : shown) {
      t.row(k.name(), k.role().cliName(), k.active(), k.createdBy(), k.createdAt(), k.lastUsedAt());
    }
    Render.print(format, t, cli.out());
    cli.out().flush();
    return 0;
  }
}
