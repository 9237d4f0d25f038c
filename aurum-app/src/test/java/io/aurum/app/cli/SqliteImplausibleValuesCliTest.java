package io.aurum.app.cli;

class SqliteImplausibleValuesCliTest extends ImplausibleValuesCliContractTest {
  @Override
  boolean postgres() {
    return false;
  }
}
