package io.aurum.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aurum.app.testing.AurumCli;
import io.aurum.app.testing.CliFixture;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code aurum tokens create|list|revoke} on a fresh home: the secret is shown once, only then. */
class TokensCliTest {
  @TempDir Path tmp;

  @Test
  void a_token_is_shown_once_listed_without_its_secret_and_revoked() throws Exception {
    try (CliFixture fx = new CliFixture(tmp, false, 1000, 4)) {
      AurumCli.Result made =
          AurumCli.run(
              fx.env(),
              "tokens",
              "create",
              "--role",
              "operator",
              "--name",
              "ci",
              "--format",
              "json");
      assertThat(made.exit()).as(made.err()).isZero();
      JsonNode doc = new ObjectMapper().readTree(made.out());
      String token = doc.path("token").asText();
      assertThat(token).startsWith("aurum_");
      assertThat(doc.path("role").asText()).isEqualTo("operator");

      AurumCli.Result list = AurumCli.run(fx.env(), "tokens", "list", "--format", "csv");
      assertThat(list.exit()).as(list.err()).isZero();
      assertThat(list.out()).contains("ci,operator,true,").doesNotContain(token);

      AurumCli.Result again =
          AurumCli.run(fx.env(), "tokens", "create", "--role", "viewer", "--name", "ci");
      assertThat(again.exit()).isEqualTo(2);
      assertThat(again.err()).contains("a token named ci exists").doesNotContain("Exception");

      AurumCli.Result revoked = AurumCli.run(fx.env(), "tokens", "revoke", "--name", "ci");
      assertThat(revoked.exit()).as(revoked.err()).isZero();
      assertThat(AurumCli.run(fx.env(), "tokens", "list").out()).doesNotContain("ci");
      assertThat(AurumCli.run(fx.env(), "tokens", "list", "--all").out()).contains("ci");
      assertThat(AurumCli.run(fx.env(), "tokens", "revoke", "--name", "ci").exit()).isEqualTo(3);
      assertThat(AurumCli.run(fx.env(), "audit", "log").out())
          .contains("token.created")
          .contains("token.revoked")
          .doesNotContain(token);
    }
  }
}
