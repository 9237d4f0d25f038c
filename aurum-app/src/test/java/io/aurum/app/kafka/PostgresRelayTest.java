package io.aurum.app.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurum.app.testing.AurumCli;
import io.aurum.app.testing.AurumProcess;
import io.aurum.app.testing.KafkaBroker.Received;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PostgresRelayTest extends RelayContractTest {
  @Override
  boolean postgres() {
    return true;
  }

  @Test
  void a_worker_with_relay_sends_the_outbox_and_stops_relaying_when_drained() throws Exception {
    assertThat(fx.backfillEiaDemand("2024-01-01", "2024-01-02").exit()).isZero();
    String prefix = topic.substring(0, topic.indexOf('.'));
    try (AurumProcess worker =
        AurumProcess.start(
            tmp.resolve("worker"),
            fx.env(),
            "worker",
            "--concurrency",
            "1",
            "--relay",
            "--bootstrap-servers",
            broker.bootstrapServers(),
            "--topic-prefix",
            prefix)) {
      List<Received> got = broker.read(topic, 2, Duration.ofSeconds(120));
      assertThat(got).as(worker.output()).hasSize(2);
      assertThat(got.stream().map(Received::key))
          .containsExactlyInAnyOrder("eia/ELEC.DEMAND/2024-01-01", "eia/ELEC.DEMAND/2024-01-02");
      worker.process().destroy(); // SIGTERM: the worker drains, the relay gives its lease up
      assertThat(worker.process().waitFor(60, TimeUnit.SECONDS)).as(worker.output()).isTrue();
      assertThat(worker.process().exitValue()).as(worker.output()).isZero();
      assertThat(worker.output()).contains("relaying the outbox to Kafka");
    }
    try (var store = fx.openStore()) {
      assertThat(store.outbox().unrelayed()).isZero();
    }
    // The drained worker gave the relay lease up: a relay started now sends at once.
    AurumCli.Result once = relayOnce();
    assertThat(once.out()).as(once.all()).contains("relayed 0 changes");
  }
}
