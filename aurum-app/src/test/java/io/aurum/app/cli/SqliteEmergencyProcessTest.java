package io.aurum.app.cli;

class SqliteEmergencyProcessTest extends EmergencyProcessContractTest {
  @Override
  boolean postgres() {
    return false;
  }
}
