package io.aurum.app.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurum.app.testing.CliFixture;
import io.aurum.core.model.Role;
import io.aurum.core.usecase.Tokens;
import io.aurum.store.JdbcStore;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A token's verification is remembered for a second; a revocation still takes effect. */
class VerifiedTokensTest {
  @TempDir Path tmp;

  @Test
  void a_revocation_elsewhere_takes_effect_once_the_second_is_over() {
    try (CliFixture fx = new CliFixture(tmp, false, 1000, 4);
        JdbcStore store = fx.openStore()) {
      Tokens tokens = new Tokens(store);
      String token = tokens.create("grafana", Role.VIEWER, "test").token();
      AtomicLong now = new AtomicLong(5_000_000_000L);
      VerifiedTokens verified = new VerifiedTokens(tokens, now::get);
      assertThat(verified.authenticate(token).map(t -> t.name())).hasValue("grafana");

      new Tokens(store).revoke("grafana", "another-process");
      now.addAndGet(VerifiedTokens.TTL_NANOS - 1);
      // Within the second the store is not asked again: that is the saving, and the window.
      assertThat(verified.authenticate(token)).isPresent();
      now.addAndGet(1);
      assertThat(verified.authenticate(token)).isEmpty();
    }
  }

  @Test
  void a_token_forgotten_after_its_revocation_is_refused_at_once() {
    try (CliFixture fx = new CliFixture(tmp, false, 1000, 4);
        JdbcStore store = fx.openStore()) {
      Tokens tokens = new Tokens(store);
      String token = tokens.create("ci", Role.OPERATOR, "test").token();
      VerifiedTokens verified = new VerifiedTokens(tokens, () -> 0L);
      assertThat(verified.authenticate(token)).isPresent();
      tokens.revoke("ci", "test");
      verified.forget("ci");
      assertThat(verified.authenticate(token)).isEmpty();
    }
  }

  @Test
  void a_token_revoked_through_the_server_is_refused_on_its_next_request() {
    try (CliFixture fx = new CliFixture(tmp, false, 1000, 4);
        TestServer s = new TestServer(fx)) {
      assertThat(s.get("/api/operations", Role.VIEWER).statusCode()).isEqualTo(200);
      assertThat(s.post("/api/tokens/test-viewer/revoke", Role.ADMIN, "{}").statusCode())
          .isEqualTo(200);
      // Verified a moment ago and so remembered, but revoked here: refused, not served.
      assertThat(s.get("/api/operations", Role.VIEWER).statusCode()).isEqualTo(401);
    }
  }
}
