package io.aurum.app.cli;

class SqliteBackfillCliTest extends BackfillCliContractTest {
  @Override
  boolean postgres() {
    return false;
  }
}
