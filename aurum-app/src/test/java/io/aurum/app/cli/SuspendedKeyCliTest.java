package io.aurum.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.aurum.app.testing.AurumCli;
import io.aurum.app.testing.CliFixture;
import io.aurum.core.model.SourceId;
import io.aurum.core.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 403 on a key that worked (EIA suspends keys that go too fast) opens the source's circuit
 * breaker: the backfill waits instead of failing, status shows WAITING_FOR_QUOTA, and after the
 * hold one probe succeeds, closes the breaker and the backfill completes.
 */
class SuspendedKeyCliTest {
  @TempDir Path tmp;

  @Test
  void a_suspended_key_holds_the_backfill_until_a_probe_succeeds() throws Exception {
    try (CliFixture fx = new CliFixture(tmp, false, 1000, 8)) {
      fx.sandbox.faults("eia").suspendKeyAfter(2, 1);
      MutableClock clock = new MutableClock(Instant.now());
      String[] backfill = {
        "backfill",
        "--source",
        "eia",
        "--datasets",
        "ELEC.DEMAND",
        "--start-date",
        "2024-01-01",
        "--end-date",
        "2024-07-31",
        "--concurrency",
        "1"
      };
      CompletableFuture<AurumCli.Result> run =
          CompletableFuture.supplyAsync(() -> AurumCli.run(clock, fx.env(), backfill));
      String[] status = {"status", "--job-id", "BACKFILL_20240731_EIA", "--format", "json"};
      // Read as a user would: the operation shows WAITING_FOR_QUOTA once the breaker holds it.
      try {
        await()
            .atMost(30, TimeUnit.SECONDS)
            .pollInterval(Duration.ofMillis(200))
            .until(
                () -> {
                  if (run.isDone()) {
                    throw new IllegalStateException(
                        "the backfill ended instead of waiting: " + run.get().all());
                  }
                  return AurumCli.run(clock, fx.env(), status).out().contains("waiting_for_quota");
                });
      } catch (org.awaitility.core.ConditionTimeoutException e) {
        throw new AssertionError(
            "never WAITING_FOR_QUOTA; done="
                + run.isDone()
                + ", sandbox "
                + fx.sandbox.stats("eia")
                + ", status "
                + AurumCli.run(clock, fx.env(), status).all(),
            e);
      }
      assertThat(AurumCli.run(clock, fx.env(), status).out())
          .contains("\"state\" : \"waiting_for_quota\"", "\"resumes_at\"", "HTTP 403");
      try (var store = fx.openStore()) {
        assertThat(store.quotaLedger().breaker(SourceId.EIA, keyId())).isPresent();
      }
      assertThat(run).isNotDone();
      long requestsWhileOpen = fx.sandbox.stats("eia").requests();

      clock.advance(Duration.ofSeconds(31));
      AurumCli.Result r = run.get(60, TimeUnit.SECONDS);
      assertThat(r.exit()).as(r.all()).isZero();
      assertThat(r.out()).contains("SUCCEEDED: 213/213");
      // 213 days in fetch windows of 41 days (one 5,000-row page): 5 of 41 and one of 8, 6
      // requests. Two served and one refused before the hold; after it the probe (the refused
      // window again) and the other three, once each.
      assertThat(fx.sandbox.stats("eia").requests()).isEqualTo(requestsWhileOpen + 4);
      try (var store = fx.openStore()) {
        assertThat(store.quotaLedger().breaker(SourceId.EIA, keyId())).isEmpty();
      }
    }
  }

  private static String keyId() {
    byte[] d =
        io.aurum.core.model.Checksums.sha256()
            .digest("test-key-0123456789".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return "key-" + java.util.HexFormat.of().formatHex(d).substring(0, 12);
  }
}
