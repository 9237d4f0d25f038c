package io.aurum.app.cli;

class PostgresHostileUpstreamCliTest extends HostileUpstreamCliContractTest {
  @Override
  boolean postgres() {
    return true;
  }
}
