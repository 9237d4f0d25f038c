package io.aurum.app.kafka;

class SqliteRelayTest extends RelayContractTest {
  @Override
  boolean postgres() {
    return false;
  }
}
