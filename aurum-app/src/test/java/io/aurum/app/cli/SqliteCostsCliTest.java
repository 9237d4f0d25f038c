package io.aurum.app.cli;

class SqliteCostsCliTest extends CostsCliContractTest {
  @Override
  boolean postgres() {
    return false;
  }
}
