package io.aurum.app.cli;

class SqliteHostileUpstreamCliTest extends HostileUpstreamCliContractTest {
  @Override
  boolean postgres() {
    return false;
  }
}
