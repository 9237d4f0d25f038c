package io.aurum.app.cli;

class SqliteInputValidationCliTest extends InputValidationCliContractTest {
  @Override
  boolean postgres() {
    return false;
  }
}
