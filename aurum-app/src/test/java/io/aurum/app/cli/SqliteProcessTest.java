package io.aurum.app.cli;

class SqliteProcessTest extends ProcessContractTest {
  @Override
  boolean postgres() {
    return false;
  }
}
