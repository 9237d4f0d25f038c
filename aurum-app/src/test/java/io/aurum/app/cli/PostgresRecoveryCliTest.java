package io.aurum.app.cli;

class PostgresRecoveryCliTest extends RecoveryCliContractTest {
  @Override
  boolean postgres() {
    return true;
  }
}
