package io.aurum.app.cli;

class SqliteReplayCliTest extends ReplayCliContractTest {
  @Override
  boolean postgres() {
    return false;
  }
}
