package io.aurum.app.cli;

class PostgresCorruptionDrillTest extends CorruptionDrillContractTest {
  @Override
  boolean postgres() {
    return true;
  }
}
