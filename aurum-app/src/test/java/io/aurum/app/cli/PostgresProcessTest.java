package io.aurum.app.cli;

class PostgresProcessTest extends ProcessContractTest {
  @Override
  boolean postgres() {
    return true;
  }
}
