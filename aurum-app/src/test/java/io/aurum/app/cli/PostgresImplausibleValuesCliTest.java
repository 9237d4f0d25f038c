package io.aurum.app.cli;

class PostgresImplausibleValuesCliTest extends ImplausibleValuesCliContractTest {
  @Override
  boolean postgres() {
    return true;
  }
}
