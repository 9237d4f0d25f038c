package io.aurum.app.server;

class PostgresServerOperationsTest extends ServerOperationsContractTest {
  @Override
  boolean postgres() {
    return true;
  }
}
