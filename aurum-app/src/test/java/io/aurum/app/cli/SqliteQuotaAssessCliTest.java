package io.aurum.app.cli;

class SqliteQuotaAssessCliTest extends QuotaAssessCliContractTest {
  @Override
  boolean postgres() {
    return false;
  }
}
