package io.aurum.app.cli;

class SqliteCorruptionDrillTest extends CorruptionDrillContractTest {
  @Override
  boolean postgres() {
    return false;
  }
}
