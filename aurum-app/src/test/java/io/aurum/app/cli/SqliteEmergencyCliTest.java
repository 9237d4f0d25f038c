package io.aurum.app.cli;

class SqliteEmergencyCliTest extends EmergencyCliContractTest {
  @Override
  boolean postgres() {
    return false;
  }
}
