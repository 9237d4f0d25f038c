package io.aurum.app.cli;

class PostgresEmergencyCliTest extends EmergencyCliContractTest {
  @Override
  boolean postgres() {
    return true;
  }
}
