package io.aurum.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurum.core.error.AurumException;
import io.aurum.core.model.Role;
import io.aurum.core.port.AuditLog;
import io.aurum.core.port.TokenRepository.StoredToken;
import io.aurum.core.testing.MutableClock;
import io.aurum.core.usecase.Tokens;
import io.aurum.store.testing.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server's tokens on every database: made once, stored hashed, revoked, audited. */
abstract class TokensContractTest {
  @TempDir Path tmp;
  TestDatabase db;
  JdbcStore store;
  MutableClock clock;
  Tokens tokens;

  abstract TestDatabase database(Path tmp);

  @BeforeEach
  void setUp() {
    db = database(tmp);
    clock = new MutableClock(Instant.parse("2024-06-01T12:00:00Z"));
    store = db.open(clock);
    tokens = new Tokens(store);
  }

  @AfterEach
  void tearDown() {
    store.close();
    db.close();
  }

  @Test
  void a_token_is_stored_by_its_hash_and_authenticates_until_revoked() {
    Tokens.Created made = tokens.create("grafana", Role.VIEWER, "alice");

    assertThat(made.token()).startsWith(Tokens.PREFIX).hasSizeGreaterThan(40);
    assertThat(made.toString()).doesNotContain(made.token());
    assertThat(
            db.count("SELECT COUNT(*) FROM api_tokens WHERE sha256 LIKE '%" + made.token() + "%'"))
        .isZero();
    assertThat(tokens.authenticate(made.token()))
        .get()
        .extracting(StoredToken::name, StoredToken::role)
        .containsExactly("grafana", Role.VIEWER);
    assertThat(tokens.authenticate(made.token() + "x")).isEmpty();
    assertThat(tokens.authenticate("not-a-token")).isEmpty();

    tokens.revoke("grafana", "bob");

    assertThat(tokens.authenticate(made.token())).isEmpty();
    assertThat(tokens.list(false)).isEmpty();
    assertThat(tokens.list(true))
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.active()).isFalse();
              assertThat(t.createdBy()).isEqualTo("alice");
            });
  }

  @Test
  void two_tokens_never_share_a_secret_and_a_name_is_unique_among_active_tokens() {
    Tokens.Created a = tokens.create("ci", Role.OPERATOR, "alice");
    assertThatThrownBy(() -> tokens.create("ci", Role.ADMIN, "alice"))
        .isInstanceOf(AurumException.BadInput.class)
        .hasMessageContaining("a token named ci exists");

    tokens.revoke("ci", "alice");
    Tokens.Created b = tokens.create("ci", Role.ADMIN, "alice");

    assertThat(b.token()).isNotEqualTo(a.token());
    assertThat(tokens.authenticate(b.token()))
        .get()
        .extracting(StoredToken::role)
        .isEqualTo(Role.ADMIN);
    assertThat(tokens.list(true)).extracting(StoredToken::active).containsExactly(true, false);
  }

  @Test
  void revoking_a_token_that_is_not_active_is_not_found_and_changes_nothing() {
    assertThatThrownBy(() -> tokens.revoke("nobody", "alice"))
        .isInstanceOf(AurumException.NotFound.class)
        .hasMessageContaining("no active token named nobody");
    assertThatThrownBy(() -> tokens.create("has space", Role.VIEWER, "alice"))
        .isInstanceOf(AurumException.BadInput.class);
    assertThat(db.count("SELECT COUNT(*) FROM api_tokens")).isZero();
  }

  @Test
  void creation_and_revocation_are_audited_with_the_actor_and_never_the_secret() {
    Tokens.Created made = tokens.create("grafana", Role.VIEWER, "alice");
    tokens.revoke("grafana", "bob");

    List<AuditLog.Entry> trail = store.audit().entries(null);
    assertThat(trail)
        .filteredOn(e -> e.action().startsWith("token."))
        .extracting(AuditLog.Entry::action, AuditLog.Entry::actor)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("token.created", "alice"),
            org.assertj.core.groups.Tuple.tuple("token.revoked", "bob"));
    assertThat(trail)
        .allSatisfy(e -> assertThat(String.valueOf(e.detail())).doesNotContain(made.token()));
    assertThat(store.audit().verify().intact()).isTrue();
  }

  @Test
  void a_use_is_recorded_at_most_once_a_minute() {
    Tokens.Created made = tokens.create("grafana", Role.VIEWER, "alice");
    tokens.authenticate(made.token());
    Instant first = tokens.list(false).get(0).lastUsedAt();

    clock.advance(Duration.ofSeconds(30));
    tokens.authenticate(made.token());
    assertThat(tokens.list(false).get(0).lastUsedAt()).isEqualTo(first);

    clock.advance(Duration.ofSeconds(31));
    tokens.authenticate(made.token());
    assertThat(tokens.list(false).get(0).lastUsedAt()).isEqualTo(clock.instant());
  }
}
