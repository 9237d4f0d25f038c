package io.aurum.app.cli;

class PostgresBackfillCliTest extends BackfillCliContractTest {
  @Override
  boolean postgres() {
    return true;
  }
}
