package io.aurum.core.usecase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurum.core.config.AurumConfig;
import io.aurum.core.error.AurumException;
import io.aurum.core.model.OperationSpec;
import io.aurum.core.model.OperationType;
import io.aurum.core.model.ReplayParams;
import io.aurum.core.model.SourceId;
import io.aurum.core.request.Origin;
import io.aurum.core.testing.TestFlags;
import io.aurum.core.usecase.ReplayRequest.Kind;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The replay use case on the shipped configuration: every rule a replay request passes before
 * anything is written, named the way its origin wrote it, and the spec it becomes.
 */
class ReplaysTest {
  private static final AurumConfig CONFIG = UseCaseFixtures.CONFIG;
  private static final Replays REPLAYS =
      new Replays(CONFIG, Map.of(), UseCaseFixtures.DERIVATION, UseCaseFixtures.CLOCK);
  private static final LocalDate JAN1 = LocalDate.of(2024, 1, 1);
  private static final LocalDate JAN3 = LocalDate.of(2024, 1, 3);
  private static final String TRANSFORM =
      "{\"name\": \"m\", \"steps\": [{\"op\": \"rename\", \"from\": \"a\", \"to\": \"b\"}]}";

  /** A request for eia, 1–3 January 2024, with the given parts. */
  private static ReplayRequest request(
      SourceId src,
      LocalDate asOf,
      Kind kind,
      String profile,
      Script custom,
      Double threshold,
      Integer concurrency,
      String strategy,
      Origin origin) {
    return new ReplayRequest(
        src,
        JAN1,
        JAN3,
        List.of(),
        asOf,
        kind,
        profile,
        null,
        custom,
        null,
        threshold,
        concurrency,
        strategy,
        null,
        "why",
        origin == null ? TestFlags.FLAGS : origin);
  }

  private static ReplayRequest kind(Kind kind) {
    return request(SourceId.EIA, null, kind, null, null, null, null, null, null);
  }

  @Test
  void a_plain_replay_refetches_every_partition_with_the_replay_defaults_and_a_derived_key() {
    OperationSpec spec = REPLAYS.prepare(ReplayRequest.of(SourceId.EIA, JAN1, JAN3, "why"));
    var d = CONFIG.defaults().of(OperationType.REPLAY);
    assertThat(spec.force()).isTrue();
    assertThat(spec.batchSize()).isEqualTo(d.batchSize());
    assertThat(spec.maxRetries()).isEqualTo(d.maxRetries());
    assertThat(spec.conflictStrategy()).isEqualTo(d.conflictStrategy());
    ReplayParams params = (ReplayParams) spec.params();
    assertThat(params.quotaKey()).isEqualTo("key-eia");
    assertThat(params.replayType()).isNull();
  }

  @Test
  void a_replay_needs_a_reason_for_the_audit_trail() {
    assertThatThrownBy(() -> REPLAYS.prepare(ReplayRequest.of(SourceId.EIA, JAN1, JAN3, " ")))
        .isInstanceOf(AurumException.BadInput.class)
        .hasMessage("replay needs reason \"why\": it is kept in the audit trail");
  }

  @Test
  void dates_out_of_order_are_refused() {
    assertThatThrownBy(() -> REPLAYS.prepare(ReplayRequest.of(SourceId.EIA, JAN3, JAN1, "why")))
        .isInstanceOf(AurumException.BadInput.class)
        .hasMessageContaining("swap them");
  }

  @Test
  void as_of_is_only_for_a_source_that_keeps_vintages() {
    LocalDate feb1 = LocalDate.of(2024, 2, 1);
    assertThatThrownBy(
            () ->
                REPLAYS.prepare(
                    request(SourceId.EIA, feb1, null, null, null, null, null, null, null)))
        .isInstanceOf(AurumException.BadInput.class)
        .hasMessage(
            "--as-of needs a source that keeps vintages (fred): eia serves only its current"
                + " values; drop --as-of");
    OperationSpec fred =
        REPLAYS.prepare(request(SourceId.FRED, feb1, null, null, null, null, null, null, null));
    assertThat(((ReplayParams) fred.params()).asOf()).isEqualTo("2024-02-01");
  }

  @Test
  void a_schema_correction_needs_its_version_and_a_migration_that_parses() {
    assertThatThrownBy(() -> REPLAYS.prepare(kind(new Kind.SchemaCorrection("v2", null))))
        .isInstanceOf(AurumException.BadInput.class)
        .hasMessage("--type schema_correction needs --schema-version and --migration-script");
    assertThatThrownBy(
            () ->
                REPLAYS.prepare(
                    kind(new Kind.SchemaCorrection("v2", new Script.Text("m.json", "{ nope")))))
        .isInstanceOf(AurumException.BadInput.class)
        .hasMessageStartingWith("m.json:1:");
    OperationSpec spec =
        REPLAYS.prepare(
            kind(new Kind.SchemaCorrection("v2", new Script.Text("m.json", TRANSFORM))));
    assertThat(spec.params().transforms().schemaVersion()).isEqualTo("v2");
    assertThat(spec.params().transforms().migration()).isEqualTo(TRANSFORM);
    assertThat(((ReplayParams) spec.params()).replayType()).isEqualTo("schema_correction");
  }

  @Test
  void a_quality_improvement_keeps_its_profile_and_an_unknown_profile_is_refused() {
    ReplayParams q =
        (ReplayParams) REPLAYS.prepare(kind(new Kind.QualityImprovement(null))).params();
    assertThat(q.quality().profile()).isEqualTo("default");
    assertThat(q.replayType()).isEqualTo("quality_improvement");
    assertThat(
            REPLAYS
                .prepare(kind(new Kind.QualityImprovement("enhanced_validation")))
                .params()
                .quality()
                .profile())
        .isEqualTo("enhanced_validation");
    assertThatThrownBy(() -> REPLAYS.prepare(kind(new Kind.QualityImprovement("nope"))))
        .isInstanceOf(AurumException.BadInput.class)
        .hasMessageStartingWith("unknown quality profile 'nope'");
    assertThatThrownBy(
            () ->
                REPLAYS.prepare(
                    request(SourceId.EIA, null, null, "nope", null, null, null, null, null)))
        .isInstanceOf(AurumException.BadInput.class)
        .hasMessageStartingWith("unknown quality profile 'nope'");
  }

  @Test
  void an_algorithm_update_needs_a_known_algorithm_and_its_parameters() {
    assertThatThrownBy(() -> REPLAYS.prepare(kind(new Kind.AlgorithmUpdate(null, null))))
        .isInstanceOf(AurumException.BadInput.class)
        .hasMessage("--type algorithm_update needs --algorithm-version");
    assertThatThrownBy(() -> REPLAYS.prepare(kind(new Kind.AlgorithmUpdate("v99", null))))
        .isInstanceOf(AurumException.BadInput.class)
        .hasMessageStartingWith("unknown --algorithm-version 'v99'");
    assertThatThrownBy(
            () -> REPLAYS.prepare(kind(new Kind.AlgorithmUpdate("outlier_detection_v2", "x=1"))))
        .isInstanceOf(AurumException.BadInput.class)
        .hasMessageStartingWith("--algorithm-params 'x=1'");
    OperationSpec spec =
        REPLAYS.prepare(kind(new Kind.AlgorithmUpdate("outlier_detection_v2", "sensitivity=0.8")));
    assertThat(spec.params().transforms().algorithm()).isEqualTo("outlier_detection_v2");
    assertThat(spec.params().transforms().algorithmParams()).isEqualTo("sensitivity=0.8");
  }

  @Test
  void an_algorithm_without_a_kind_is_checked_and_applied_with_its_defaults() {
    ReplayRequest plain =
        new ReplayRequest(
            SourceId.EIA,
            JAN1,
            JAN3,
            List.of(),
            null,
            null,
            null,
            new Kind.AlgorithmUpdate("outlier_detection_v2", "sensitivity=0.8"),
            null,
            null,
            null,
            null,
            null,
            null,
            "why",
            null);
    assertThat(REPLAYS.prepare(plain).params().transforms().algorithm())
        .isEqualTo("outlier_detection_v2");
    assertThat(REPLAYS.prepare(plain).params().transforms().algorithmParams()).isNull();
    ReplayRequest unknown =
        new ReplayRequest(
            SourceId.EIA,
            JAN1,
            JAN3,
            List.of(),
            null,
            null,
            null,
            new Kind.AlgorithmUpdate("v99", null),
            null,
            null,
            null,
            null,
            null,
            null,
            "why",
            null);
    assertThatThrownBy(() -> REPLAYS.prepare(unknown)).isInstanceOf(AurumException.BadInput.class);
  }

  @Test
  void scripts_must_parse_and_a_plugin_must_exist() {
    Script bad = new Script.Text("t.json", "{ nope");
    assertThatThrownBy(
            () ->
                REPLAYS.prepare(
                    request(SourceId.EIA, null, null, null, bad, null, null, null, null)))
        .isInstanceOf(AurumException.BadInput.class)
        .hasMessageStartingWith("t.json:1:");
    Script good = new Script.Text("t.json", TRANSFORM);
    assertThat(
            REPLAYS
                .prepare(request(SourceId.EIA, null, null, null, good, null, null, null, null))
                .params()
                .transforms()
                .customTransform())
        .isEqualTo(TRANSFORM);
    Script plugin = new Script.Plugin("no_such_plugin");
    assertThatThrownBy(
            () ->
                REPLAYS.prepare(
                    request(SourceId.EIA, null, null, null, plugin, null, null, null, null)))
        .isInstanceOf(AurumException.BadInput.class)
        .hasMessageStartingWith("no file no_such_plugin and no plugin named no_such_plugin");
  }

  @Test
  void the_threshold_is_a_share_and_is_kept() {
    assertThatThrownBy(
            () ->
                REPLAYS.prepare(
                    request(SourceId.EIA, null, null, null, null, 1.5, null, null, null)))
        .isInstanceOf(AurumException.BadInput.class)
        .hasMessage("--validation-threshold must be in [0, 1], got 1.5");
    assertThat(
            REPLAYS
                .prepare(request(SourceId.EIA, null, null, null, null, 0.8, null, null, null))
                .params()
                .quality()
                .threshold())
        .isEqualTo(0.8);
  }

  @Test
  void an_unknown_conflict_strategy_is_refused_and_a_known_one_kept() {
    assertThatThrownBy(
            () ->
                REPLAYS.prepare(
                    request(SourceId.EIA, null, null, null, null, null, null, "coin_flip", null)))
        .isInstanceOf(AurumException.BadInput.class)
        .hasMessageStartingWith("--resolution-strategy 'coin_flip' is not a conflict strategy");
    assertThat(
            REPLAYS
                .prepare(
                    request(
                        SourceId.EIA, null, null, null, null, null, null, "keep_existing", null))
                .conflictStrategy())
        .isEqualTo("keep_existing");
  }

  @Test
  void concurrency_stays_within_the_source_quota_named_as_its_origin_wrote_it() {
    int max = CONFIG.quotas().get(SourceId.EIA).maxConcurrency();
    assertThatThrownBy(
            () ->
                REPLAYS.prepare(
                    request(SourceId.EIA, null, null, null, null, null, max + 1, null, null)))
        .isInstanceOf(AurumException.BadInput.class)
        .hasMessageStartingWith("--concurrency " + (max + 1) + " is above");
    Origin file = field -> "replay.json:2:3: " + field;
    assertThatThrownBy(
            () ->
                REPLAYS.prepare(request(SourceId.EIA, null, null, null, null, null, 0, null, file)))
        .hasMessage("replay.json:2:3: concurrency must be above 0, got 0");
    assertThat(
            REPLAYS
                .prepare(request(SourceId.EIA, null, null, null, null, null, max, null, null))
                .concurrency())
        .isEqualTo(max);
  }

  @Test
  void datasets_named_twice_are_one_dataset() {
    ReplayRequest twice =
        new ReplayRequest(
            SourceId.EIA,
            JAN1,
            JAN3,
            List.of("ELEC.DEMAND", "elec.demand"),
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            "why",
            null);
    assertThat(REPLAYS.prepare(twice).datasets()).containsExactly("ELEC.DEMAND");
  }

  @Test
  void an_algorithm_is_named_the_way_its_origin_wrote_it() {
    Origin file = field -> "replay.json: " + field;
    assertThatThrownBy(
            () ->
                REPLAYS.prepare(
                    request(
                        SourceId.EIA,
                        null,
                        new Kind.AlgorithmUpdate("outlier_detection_v2", "x=1"),
                        null,
                        null,
                        null,
                        null,
                        null,
                        file)))
        .hasMessageStartingWith("replay.json: algorithm_params 'x=1'");
  }
}
