package io.aurum.app.cli;

class PostgresEmergencyDrillTest extends EmergencyDrillContractTest {
  @Override
  boolean postgres() {
    return true;
  }
}
