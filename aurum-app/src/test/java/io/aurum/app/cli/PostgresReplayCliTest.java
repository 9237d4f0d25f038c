package io.aurum.app.cli;

class PostgresReplayCliTest extends ReplayCliContractTest {
  @Override
  boolean postgres() {
    return true;
  }
}
