package io.aurum.app.kafka;

class PostgresRelayTest extends RelayContractTest {
  @Override
  boolean postgres() {
    return true;
  }
}
