package io.aurum.app.server;

class SqliteServerOperationsTest extends ServerOperationsContractTest {
  @Override
  boolean postgres() {
    return false;
  }
}
