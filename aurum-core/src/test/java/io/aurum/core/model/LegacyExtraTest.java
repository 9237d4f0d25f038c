package io.aurum.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The old string-keyed {@code extra} map (stored-spec version 1, and {@code spec.extra} of plan
 * files) loads into the sealed parameter records, leniently, and writing them back gives a map that
 * reads back to the same parameters.
 */
class LegacyExtraTest {

  @Test
  void an_old_backfill_map_loads_with_its_quality_settings_and_estimate() {
    Map<String, String> x = new LinkedHashMap<>();
    x.put("quota_key", "eia-bulk");
    x.put("quality_profile", "enhanced_validation");
    x.put("validation_threshold", "0.75");
    x.put("quality_checks", "completeness, accuracy,,");
    x.put("parallelism", "4");
    x.put("max_memory", "512m");
    x.put("plan_file", "plans/q1.yaml");
    x.put("estimate_api_calls", "120");
    x.put("estimate_records", "8760");
    x.put("estimate_bytes", "1048576");
    x.put("estimate_duration_seconds", "42.5");
    x.put("estimate_partitions", "12");
    x.put("estimate_bound", "rate");
    x.put("estimate_cost", "0.1234");

    OperationParams p = LegacyExtra.read(OperationType.BACKFILL, x);

    assertThat(p).isInstanceOf(BackfillParams.class);
    BackfillParams b = (BackfillParams) p;
    assertThat(b.quotaKey()).isEqualTo("eia-bulk");
    assertThat(b.quality())
        .isEqualTo(
            new OperationParams.Quality(
                "enhanced_validation", 0.75, List.of("completeness", "accuracy")));
    assertThat(b.parallelism()).isEqualTo(4);
    assertThat(b.memoryBudget()).isEqualTo("512m");
    assertThat(b.planFile()).isEqualTo("plans/q1.yaml");
    assertThat(b.estimate())
        .isEqualTo(new OperationParams.Estimate(120L, 8760L, 1048576L, 42.5, 12, "rate", 0.1234));
    x.put("quality_checks", "completeness,accuracy");
    assertThat(LegacyExtra.write(b)).as("written back, the checks normalised").isEqualTo(x);
  }

  @Test
  void a_backfill_map_without_estimate_keys_has_no_estimate() {
    BackfillParams b =
        (BackfillParams) LegacyExtra.read(OperationType.BACKFILL, Map.of("parallelism", "2"));
    assertThat(b.estimate()).isNull();
    assertThat(b.quality()).isEqualTo(OperationParams.Quality.NONE);
    assertThat(LegacyExtra.write(b)).containsOnly(Map.entry("parallelism", "2"));
  }

  @Test
  void unparsable_old_values_are_read_as_absent_rather_than_refused() {
    Map<String, String> x =
        Map.of(
            "validation_threshold", "high",
            "parallelism", "four",
            "estimate_records", "n/a",
            "estimate_bound", "memory");
    BackfillParams b = (BackfillParams) LegacyExtra.read(OperationType.BACKFILL, x);
    assertThat(b.quality().threshold()).isNull();
    assertThat(b.parallelism()).isNull();
    assertThat(b.estimate().records()).isNull();
    assertThat(b.estimate().bound()).isEqualTo("memory");
  }

  @Test
  void an_old_replay_map_loads_with_its_as_of_date_and_transforms() {
    Map<String, String> x = new LinkedHashMap<>();
    x.put("replay_type", "point_in_time");
    x.put("as_of", "2026-03-01");
    x.put("schema_version", "v2");
    x.put("migration_script_text", "rename a b");
    x.put("algorithm_version", "smooth-3");
    x.put("algorithm_params", "{\"window\":3}");

    ReplayParams r = (ReplayParams) LegacyExtra.read(OperationType.REPLAY, x);

    assertThat(r.replayType()).isEqualTo("point_in_time");
    assertThat(r.asOf()).isEqualTo(LocalDate.of(2026, 3, 1));
    assertThat(r.transforms().schemaVersion()).isEqualTo("v2");
    assertThat(r.transforms().migration()).isEqualTo("rename a b");
    assertThat(r.transforms().customTransform()).isNull();
    assertThat(r.transforms().algorithm()).isEqualTo("smooth-3");
    assertThat(r.transforms().algorithmParams()).isEqualTo("{\"window\":3}");
    assertThat(LegacyExtra.write(r)).isEqualTo(x);
  }

  @Test
  void an_old_partial_map_loads_as_reprocess_params() {
    Map<String, String> x = new LinkedHashMap<>();
    x.put("partial_type", "time_window");
    x.put("hours", "0-6");
    x.put("rollback_plan_quality_below", "0.6");
    x.put("custom_transform_plugin", "scale");

    ReprocessParams r = (ReprocessParams) LegacyExtra.read(OperationType.PARTIAL, x);

    assertThat(r.partialType()).isEqualTo("time_window");
    assertThat(r.hours()).isEqualTo("0-6");
    assertThat(r.incrementalField()).isNull();
    assertThat(r.rollbackBelow()).isEqualTo(0.6);
    assertThat(r.transforms().customPlugin()).isEqualTo("scale");
    assertThat(LegacyExtra.read(OperationType.PARTIAL, LegacyExtra.write(r))).isEqualTo(r);
  }

  @Test
  void an_old_rollback_map_loads_and_cascade_defaults_to_false() {
    RollbackParams r =
        (RollbackParams)
            LegacyExtra.read(
                OperationType.ROLLBACK,
                Map.of("rolled_back", "OP-7", "rollback_type", "operation", "cascade", "true"));
    assertThat(r.rolledBack()).isEqualTo("OP-7");
    assertThat(r.rollbackType()).isEqualTo("operation");
    assertThat(r.cascade()).isTrue();
    assertThat(LegacyExtra.write(r)).containsEntry("cascade", "true");

    RollbackParams none = (RollbackParams) LegacyExtra.read(OperationType.ROLLBACK, Map.of());
    assertThat(none.cascade()).isFalse();
    assertThat(LegacyExtra.write(none)).containsOnly(Map.entry("cascade", "false"));
  }

  @Test
  void ingest_and_recovery_keep_only_the_quota_and_quality() {
    Map<String, String> x = Map.of("quota_key", "k", "quality_profile", "standard", "hours", "3");
    for (OperationType t : List.of(OperationType.INGEST, OperationType.RECOVERY)) {
      OperationParams p = LegacyExtra.read(t, x);
      assertThat(p)
          .isEqualTo(
              new BasicParams("k", new OperationParams.Quality("standard", null, List.of())));
      assertThat(LegacyExtra.write(p))
          .containsOnly(Map.entry("quota_key", "k"), Map.entry("quality_profile", "standard"));
    }
  }
}
