package io.aurum.app.cli;

class SqliteBadInputCatalogueTest extends BadInputCatalogueContractTest {
  @Override
  boolean postgres() {
    return false;
  }
}
