package io.aurum.app.cli;

class PostgresQuotaAssessCliTest extends QuotaAssessCliContractTest {
  @Override
  boolean postgres() {
    return true;
  }
}
