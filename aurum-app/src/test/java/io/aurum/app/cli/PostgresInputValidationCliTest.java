package io.aurum.app.cli;

class PostgresInputValidationCliTest extends InputValidationCliContractTest {
  @Override
  boolean postgres() {
    return true;
  }
}
