package io.aurum.app.testing;

import io.aurum.core.model.Operation;
import io.aurum.core.model.OperationState;
import io.aurum.core.model.OperationType;
import io.aurum.core.model.Priority;
import io.aurum.core.model.SourceId;
import io.aurum.core.model.TaskDraft;
import io.aurum.sandbox.Sandbox;
import io.aurum.sandbox.SandboxConfig;
import io.aurum.store.JdbcStore;
import io.aurum.store.testing.StoreFixtures;
import io.aurum.store.testing.TestDatabase;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One CLI test's world: a data directory, a config directory with fast quotas, a database (SQLite
 * under the home, or a fresh PostgreSQL schema) and a real sandbox on a local port.
 */
public final class CliFixture implements AutoCloseable {
  public final Path home;
  public final Path config;
  public final TestDatabase db;
  public final Sandbox sandbox;
  public final boolean postgres;

  public CliFixture(Path tmp, boolean postgres, double eiaQuotaPerSecond, int maxConcurrency) {
    this.home = tmp.resolve("home");
    this.config = TestConfig.write(tmp.resolve("config"), eiaQuotaPerSecond, maxConcurrency);
    this.postgres = postgres;
    this.db = postgres ? StoreFixtures.postgres() : null;
    this.sandbox = Sandbox.start(SandboxConfig.defaults().withPort(0).withoutQuotas());
  }

  /** The environment of an {@code aurum} run against this fixture. */
  public Map<String, String> env() {
    Map<String, String> env = new HashMap<>();
    env.put("AURUM_HOME", home.toString());
    env.put("AURUM_CONFIG_DIR", config.toString());
    for (String u : new String[] {"EIA", "FRED", "CPI", "NOAA", "NYISO", "CAISO", "PJM"}) {
      env.put("AURUM_" + u + "_BASE_URL", sandbox.baseUrl());
    }
    env.put("EIA_API_KEY", "test-key-0123456789");
    env.put("FRED_API_KEY", "fred-test-key-0123456789");
    env.put("BLS_API_KEY", "bls-test-key-0123456789");
    env.put("NOAA_TOKEN", "noaa-test-token-0123456789");
    env.put("PJM_API_KEY", "pjm-test-key-0123456789");
    env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    if (db != null) {
      env.put("AURUM_DB_URL", db.jdbcUrl());
    }
    return env;
  }

  /**
   * Runs {@code aurum backfill} of EIA's ELEC.DEMAND from {@code start} to {@code end} (inclusive,
   * YYYY-MM-DD) against this fixture, with {@code more} flags after them.
   */
  public AurumCli.Result backfillEiaDemand(String start, String end, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "backfill",
                "--source",
                "eia",
                "--datasets",
                "ELEC.DEMAND",
                "--start-date",
                start,
                "--end-date",
                end));
    args.addAll(List.of(more));
    return AurumCli.run(env(), args.toArray(String[]::new));
  }

  public String jdbcUrl() {
    return db != null ? db.jdbcUrl() : "jdbc:sqlite:" + home.resolve("aurum.db");
  }

  /** A store on the same database, for assertions. */
  public JdbcStore openStore() {
    return JdbcStore.open(jdbcUrl());
  }

  /**
   * Creates operation {@code id} with the spec of operation {@code like} and these tasks, RUNNING
   * (or PAUSED) with no runner driving it: a job a test can control, adjust or resume.
   */
  public void seedOperation(String id, String like, List<TaskDraft> tasks, boolean paused) {
    try (JdbcStore store = openStore()) {
      var spec = store.operations().find(like).orElseThrow().spec();
      Instant now = Instant.now();
      store
          .operations()
          .create(
              new Operation(
                  id,
                  OperationType.BACKFILL,
                  SourceId.EIA,
                  OperationState.PLANNED,
                  Priority.NORMAL,
                  null,
                  "test",
                  spec,
                  now,
                  now,
                  null,
                  null,
                  null),
              tasks);
      store
          .operations()
          .transition(id, OperationState.PLANNED, OperationState.RUNNING, "test", "seeded");
      if (paused) {
        store
            .operations()
            .transition(id, OperationState.RUNNING, OperationState.PAUSED, "test", "seeded");
      }
    }
  }

  @Override
  public void close() {
    sandbox.close();
    if (db != null) {
      db.close();
    }
  }
}
