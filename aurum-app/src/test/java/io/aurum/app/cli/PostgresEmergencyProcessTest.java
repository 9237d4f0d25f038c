package io.aurum.app.cli;

class PostgresEmergencyProcessTest extends EmergencyProcessContractTest {
  @Override
  boolean postgres() {
    return true;
  }
}
