package io.aurum.store;

import static io.aurum.store.testing.TestData.T0;
import static io.aurum.store.testing.TestData.partition;
import static io.aurum.store.testing.TestData.spec;
import static org.assertj.core.api.Assertions.assertThat;

import io.aurum.core.model.BackfillParams;
import io.aurum.core.model.BasicParams;
import io.aurum.core.model.Operation;
import io.aurum.core.model.OperationParams;
import io.aurum.core.model.OperationParams.Estimate;
import io.aurum.core.model.OperationParams.Quality;
import io.aurum.core.model.OperationParams.Transforms;
import io.aurum.core.model.OperationSpec;
import io.aurum.core.model.OperationState;
import io.aurum.core.model.OperationType;
import io.aurum.core.model.Priority;
import io.aurum.core.model.ReplayParams;
import io.aurum.core.model.ReprocessParams;
import io.aurum.core.model.RollbackParams;
import io.aurum.core.model.SourceId;
import io.aurum.core.model.TaskDraft;
import io.aurum.core.testing.MutableClock;
import io.aurum.store.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stored specs: the typed parameters round-trip as {@code params_version} 2, and rows written in
 * the format before it (version 1: parameters as a string map {@code extra}) still load, their
 * parameters typed. Run against every database.
 */
abstract class SpecFormatContractTest {
  @TempDir Path tempDir;
  TestDatabase db;
  JdbcStore store;
  int next;

  abstract TestDatabase database(Path dir);

  @BeforeEach
  void open() {
    db = database(tempDir);
    store = db.open(new MutableClock(T0));
  }

  @AfterEach
  void close() {
    store.close();
    db.close();
  }

  private Operation create(String id, OperationType type, OperationParams params) {
    Operation op =
        new Operation(
            id,
            type,
            SourceId.EIA,
            OperationState.PLANNED,
            Priority.NORMAL,
            "r",
            "alice",
            spec().withParams(params),
            T0,
            T0,
            null,
            null,
            null);
    return store.operations().create(op, List.of(new TaskDraft(partition(next++), null, null)));
  }

  private String storedJson(String id) throws Exception {
    try (Connection c = db.raw();
        PreparedStatement ps =
            c.prepareStatement("SELECT spec_json FROM operations WHERE id = ?")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).isTrue();
        return rs.getString(1);
      }
    }
  }

  /** Writes {@code json} as the stored spec with raw SQL, as the code before version 2 did. */
  private void storeRaw(String id, String json) throws Exception {
    try (Connection c = db.raw();
        PreparedStatement ps =
            c.prepareStatement("UPDATE operations SET spec_json = ? WHERE id = ?")) {
      ps.setString(1, json);
      ps.setString(2, id);
      assertThat(ps.executeUpdate()).isEqualTo(1);
    }
  }

  private OperationSpec load(String id) {
    return store.operations().find(id).orElseThrow().spec();
  }

  static final Quality QUALITY = new Quality("enhanced_validation", 0.9, List.of("completeness"));
  static final Transforms TRANSFORMS =
      new Transforms("v2", "{\"m\":1}", "{\"c\":1}", "plug", "{\"v\":1}", "vplug", "alg_v2", "k=1");

  @Test
  void every_kind_of_parameters_round_trips_as_version_2() throws Exception {
    List<OperationParams> all =
        List.of(
            new BackfillParams(
                "key-eia",
                QUALITY,
                4,
                "64g",
                "/tmp/plan.json",
                new Estimate(10L, 200L, 3000L, 1.5, 3, "quota", 0.0123)),
            new ReplayParams(
                "key-eia", QUALITY, "schema_correction", LocalDate.of(2024, 2, 1), TRANSFORMS),
            new ReprocessParams(
                "k", QUALITY, "time_window", "10-12", "revised_at", 0.85, TRANSFORMS),
            new RollbackParams(null, Quality.NONE, "BACKFILL_X", "operation", true),
            new BasicParams("k", Quality.NONE),
            BackfillParams.NONE);
    List<OperationType> types =
        List.of(
            OperationType.BACKFILL,
            OperationType.REPLAY,
            OperationType.PARTIAL,
            OperationType.ROLLBACK,
            OperationType.INGEST,
            OperationType.RECOVERY);
    for (int i = 0; i < all.size(); i++) {
      String id = "OP" + i;
      Operation created = create(id, types.get(i), all.get(i));
      assertThat(load(id)).isEqualTo(created.spec());
      assertThat(load(id).params()).isEqualTo(all.get(i));
      assertThat(storedJson(id)).contains("\"params_version\":2").contains("\"kind\":");
    }
  }

  @Test
  void a_backfill_stored_before_version_2_loads_typed() throws Exception {
    create("B", OperationType.BACKFILL, BasicParams.NONE);
    storeRaw(
        "B",
        "{\"source\":\"EIA\",\"startDate\":\"2024-01-01\",\"endDate\":\"2024-01-03\","
            + "\"datasets\":[\"ELEC.DEMAND\"],\"concurrency\":3,\"batchSize\":1000,"
            + "\"maxRetries\":3,\"rateLimit\":null,\"retryBackoffSeconds\":1.0,\"force\":false,"
            + "\"conflictStrategy\":\"latest_wins\",\"extra\":{\"estimate_api_calls\":\"12\","
            + "\"estimate_bytes\":\"4096\",\"parallelism\":\"2\",\"quota_key\":\"key-eia\","
            + "\"estimate_cost\":\"0.0123\",\"estimate_duration_seconds\":\"2.5\","
            + "\"max_memory\":\"64g\",\"estimate_records\":\"240\",\"estimate_partitions\":\"3\","
            + "\"quality_profile\":\"enhanced_validation\",\"estimate_bound\":\"quota\","
            + "\"plan_file\":\"/tmp/plan.json\"}}");
    OperationSpec s = load("B");
    assertThat(s.datasets()).containsExactly("ELEC.DEMAND");
    assertThat(s.concurrency()).isEqualTo(3);
    assertThat(s.params())
        .isEqualTo(
            new BackfillParams(
                "key-eia",
                new Quality("enhanced_validation", null, List.of()),
                2,
                "64g",
                "/tmp/plan.json",
                new Estimate(12L, 240L, 4096L, 2.5, 3, "quota", 0.0123)));
  }

  @Test
  void replays_reprocesses_rollbacks_and_ingests_stored_before_version_2_load_typed()
      throws Exception {
    String head =
        "{\"source\":\"EIA\",\"startDate\":\"2024-01-01\",\"endDate\":\"2024-01-03\","
            + "\"datasets\":[\"ELEC.DEMAND\"],\"concurrency\":3,\"batchSize\":1000,"
            + "\"maxRetries\":3,\"rateLimit\":null,\"retryBackoffSeconds\":1.0,\"force\":true,"
            + "\"conflictStrategy\":\"latest_wins\",\"extra\":";
    create("R", OperationType.REPLAY, BasicParams.NONE);
    storeRaw(
        "R",
        head
            + "{\"replay_type\":\"algorithm_update\",\"reason_kind\":\"replay\","
            + "\"as_of\":\"2024-02-01\",\"quota_key\":\"key-eia\",\"validation_threshold\":\"0.8\","
            + "\"algorithm_version\":\"outlier_detection_v2\",\"algorithm_params\":\"sensitivity=0.8\","
            + "\"custom_transform_plugin\":\"plug\",\"validation_script_text\":\"{\\\"checks\\\":[]}\","
            + "\"schema_version\":\"v2\",\"migration_script_text\":\"{}\"}}");
    assertThat(load("R").params())
        .isEqualTo(
            new ReplayParams(
                "key-eia",
                new Quality(null, 0.8, List.of()),
                "algorithm_update",
                LocalDate.of(2024, 2, 1),
                new Transforms(
                    "v2",
                    "{}",
                    null,
                    "plug",
                    "{\"checks\":[]}",
                    null,
                    "outlier_detection_v2",
                    "sensitivity=0.8")));

    create("P", OperationType.PARTIAL, BasicParams.NONE);
    storeRaw(
        "P",
        head
            + "{\"partial_type\":\"time_window\",\"hours\":\"10-12\",\"quota_key\":\"k\","
            + "\"rollback_plan_quality_below\":\"0.85\",\"validation_plugin\":\"vplug\","
            + "\"incremental_field\":\"last_updated\"}}");
    assertThat(load("P").params())
        .isEqualTo(
            new ReprocessParams(
                "k",
                Quality.NONE,
                "time_window",
                "10-12",
                "last_updated",
                0.85,
                Transforms.NONE.withValidationPlugin("vplug")));

    create("RB", OperationType.ROLLBACK, BasicParams.NONE);
    storeRaw(
        "RB",
        head
            + "{\"rolled_back\":\"BACKFILL_X\",\"rollback_type\":\"operation\","
            + "\"cascade\":\"true\"}}");
    assertThat(load("RB").params())
        .isEqualTo(new RollbackParams(null, Quality.NONE, "BACKFILL_X", "operation", true));

    create("I", OperationType.INGEST, BasicParams.NONE);
    storeRaw(
        "I",
        head
            + "{\"quota_key\":\"k\",\"quality_profile\":\"default\","
            + "\"quality_checks\":\"completeness,range\"}}");
    assertThat(load("I").params())
        .isEqualTo(
            new BasicParams("k", new Quality("default", null, List.of("completeness", "range"))));

    create("E", OperationType.INGEST, BasicParams.NONE);
    storeRaw("E", head + "{}}");
    assertThat(load("E").params()).isEqualTo(BasicParams.NONE);
  }

  @Test
  void a_legacy_spec_rewritten_by_an_update_is_stored_as_version_2() throws Exception {
    create("U", OperationType.BACKFILL, BasicParams.NONE);
    storeRaw(
        "U",
        "{\"source\":\"EIA\",\"startDate\":\"2024-01-01\",\"endDate\":\"2024-01-03\","
            + "\"datasets\":[\"ELEC.DEMAND\"],\"concurrency\":3,\"batchSize\":1000,"
            + "\"maxRetries\":3,\"rateLimit\":null,\"retryBackoffSeconds\":1.0,\"force\":false,"
            + "\"conflictStrategy\":\"latest_wins\",\"extra\":{\"parallelism\":\"2\"}}");
    OperationSpec s = load("U").withConcurrency(5);
    store.operations().updateSpec("U", s, "alice");
    assertThat(storedJson("U")).contains("\"params_version\":2").doesNotContain("\"extra\"");
    assertThat(load("U")).isEqualTo(s);
  }
}
