package io.aurum.app.cli;

class SqliteEmergencyDrillTest extends EmergencyDrillContractTest {
  @Override
  boolean postgres() {
    return false;
  }
}
