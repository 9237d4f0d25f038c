package io.aurum.app.cli;

class SqliteRecoveryCliTest extends RecoveryCliContractTest {
  @Override
  boolean postgres() {
    return false;
  }
}
