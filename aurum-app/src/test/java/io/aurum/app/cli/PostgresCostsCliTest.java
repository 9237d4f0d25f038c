package io.aurum.app.cli;

class PostgresCostsCliTest extends CostsCliContractTest {
  @Override
  boolean postgres() {
    return true;
  }
}
