package io.aurum.app.cli;

class PostgresBadInputCatalogueTest extends BadInputCatalogueContractTest {
  @Override
  boolean postgres() {
    return true;
  }
}
