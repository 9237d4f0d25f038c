package io.aurum.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Specs stored before the typed parameters (a string map, {@code extra}) load into the sealed
 * records, leniently where a value no longer parses, and the typed records write back the same map.
 */
class LegacyExtraTest {

  @Test
  void an_old_backfill_map_loads_its_quota_quality_tuning_and_estimate() {
    Map<String, String> old =
        Map.of(
            "quota_key", "eia",
            "quality_profile", "enhanced_validation",
            "validation_threshold", "0.95",
            "quality_checks", "completeness, accuracy,",
            "parallelism", "4",
            "max_memory", "2g",
            "estimate_api_calls", "120",
            "estimate_cost", "1.2500");

    BackfillParams p = (BackfillParams) LegacyExtra.read(OperationType.BACKFILL, old);

    assertThat(p.quotaKey()).isEqualTo("eia");
    assertThat(p.quality())
        .isEqualTo(
            new OperationParams.Quality(
                "enhanced_validation", 0.95, List.of("completeness", "accuracy")));
    assertThat(p.parallelism()).isEqualTo(4);
    assertThat(p.memoryBudget()).isEqualTo("2g");
    assertThat(p.estimate().apiCalls()).isEqualTo(120L);
    assertThat(p.estimate().cost()).isEqualTo(1.25);
    assertThat(p.estimate().records()).isNull();
  }

  @Test
  void values_that_no_longer_parse_are_read_as_absent_not_as_an_error() {
    Map<String, String> old =
        Map.of("validation_threshold", "high", "parallelism", "many", "as_of", "yesterday");

    BackfillParams b = (BackfillParams) LegacyExtra.read(OperationType.BACKFILL, old);
    ReplayParams r = (ReplayParams) LegacyExtra.read(OperationType.REPLAY, old);

    assertThat(b.quality().threshold()).isNull();
    assertThat(b.parallelism()).isNull();
    assertThat(b.estimate()).isNull();
    assertThat(r.asOf()).isNull();
  }

  @Test
  void each_kind_reads_its_own_keys_and_writes_back_the_map_it_was_read_from() {
    Map<String, String> replay =
        Map.of(
            "quota_key", "fred",
            "replay_type", "schema_correction",
            "as_of", "2024-06-30",
            "schema_version", "v2",
            "algorithm_version", "smooth-2");
    Map<String, String> reprocess =
        Map.of(
            "partial_type", "hours",
            "hours", "3,4,5",
            "rollback_plan_quality_below", "0.8",
            "custom_transform_text", "value * 2");
    Map<String, String> rollback =
        Map.of("rolled_back", "op-1", "rollback_type", "emergency", "cascade", "true");

    ReplayParams r = (ReplayParams) LegacyExtra.read(OperationType.REPLAY, replay);
    ReprocessParams p = (ReprocessParams) LegacyExtra.read(OperationType.PARTIAL, reprocess);
    RollbackParams b = (RollbackParams) LegacyExtra.read(OperationType.ROLLBACK, rollback);

    assertThat(r.asOf()).isEqualTo(LocalDate.of(2024, 6, 30));
    assertThat(r.transforms().schemaVersion()).isEqualTo("v2");
    assertThat(r.transforms().algorithm()).isEqualTo("smooth-2");
    assertThat(p.hours()).isEqualTo("3,4,5");
    assertThat(p.rollbackBelow()).isEqualTo(0.8);
    assertThat(p.transforms().customTransform()).isEqualTo("value * 2");
    assertThat(b.cascade()).isTrue();
    assertThat(LegacyExtra.write(r)).isEqualTo(replay);
    assertThat(LegacyExtra.write(p)).isEqualTo(reprocess);
    assertThat(LegacyExtra.write(b)).isEqualTo(rollback);
  }

  @Test
  void ingest_and_recovery_keep_only_quota_and_quality() {
    OperationParams p =
        LegacyExtra.read(OperationType.INGEST, Map.of("quota_key", "noaa", "hours", "1"));

    assertThat(p).isEqualTo(new BasicParams("noaa", OperationParams.Quality.NONE));
    assertThat(LegacyExtra.write(p)).isEqualTo(Map.of("quota_key", "noaa"));
  }
}
