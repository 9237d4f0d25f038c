package io.aurum.core.usecase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurum.core.config.AurumConfig;
import io.aurum.core.error.AurumException;
import io.aurum.core.model.OperationType;
import io.aurum.core.model.ReprocessParams;
import io.aurum.core.model.SourceId;
import io.aurum.core.request.Origin;
import io.aurum.core.testing.TestFlags;
import io.aurum.core.usecase.ReprocessRequest.Failed;
import io.aurum.core.usecase.ReprocessRequest.Scope;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The partial reprocess use case on the shipped configuration: every rule a reprocess request
 * passes before anything is written, what each scope needs, and the spec and id it becomes.
 */
class ReprocessesTest {
  private static final AurumConfig CONFIG = UseCaseFixtures.CONFIG;
  private static final Reprocesses REPROCESSES =
      new Reprocesses(CONFIG, Map.of(), UseCaseFixtures.DERIVATION, UseCaseFixtures.CLOCK);
  private static final Origin FLAGS =
      TestFlags.flags(Map.of("concurrency", "--max-concurrent", "max_retries", "--max-attempts"));
  private static final LocalDate JAN2 = LocalDate.of(2024, 1, 2);
  private static final Scope HOURS = new Scope.TimeWindow(JAN2, "10-12");

  private static ReprocessRequest request(
      Scope scope,
      List<String> datasets,
      Tuning tuning,
      Script validation,
      String rollbackPlan,
      String strategy,
      Double threshold) {
    return new ReprocessRequest(
        SourceId.EIA,
        scope,
        datasets,
        tuning,
        null,
        "why",
        validation,
        rollbackPlan,
        strategy,
        threshold,
        FLAGS);
  }

  private static Reprocesses.Prepared prepare(Scope scope) {
    return REPROCESSES.prepare(request(scope, List.of(), null, null, null, null, null));
  }

  private static Tuning tuning(Integer concurrency, Integer batch, Integer retries) {
    return new Tuning(concurrency, batch, retries, null, null, null, null, null);
  }

  @Test
  void hours_apply_to_the_intraday_datasets_with_the_partial_defaults() {
    Reprocesses.Prepared p = prepare(HOURS);
    var d = CONFIG.defaults().of(OperationType.PARTIAL);
    assertThat(p.spec().datasets()).containsExactly("ELEC.DEMAND", "ELEC.GEN");
    assertThat(p.spec().batchSize()).isEqualTo(d.batchSize());
    assertThat(p.spec().force()).isTrue();
    assertThat(p.spec().startDate()).isEqualTo(JAN2);
    assertThat(p.operationId()).isEqualTo("PARTIAL_20240102_EIA_10-12");
    ReprocessParams params = (ReprocessParams) p.spec().params();
    assertThat(params.partialType()).isEqualTo("time_window");
    assertThat(params.hours()).isEqualTo("10-12");
    assertThat(params.quotaKey()).isEqualTo("key-eia");
    assertThat(p.rollbackBelow()).isNull();
  }

  @Test
  void hours_of_a_source_without_intraday_datasets_are_refused() {
    assertThatThrownBy(
            () ->
                REPROCESSES.prepare(
                    new ReprocessRequest(
                        SourceId.FRED,
                        HOURS,
                        List.of(),
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        FLAGS)))
        .isInstanceOf(AurumException.BadInput.class)
        .hasMessage(
            "source fred has no hourly or 5-minute dataset: hours apply to intraday datasets only");
  }

  @Test
  void a_time_window_needs_its_day_and_valid_hours() {
    assertThatThrownBy(() -> prepare(new Scope.TimeWindow(null, "10-12")))
        .isInstanceOf(AurumException.BadInput.class)
        .hasMessage("reprocess of this --type needs --date");
    assertThatThrownBy(() -> prepare(new Scope.TimeWindow(JAN2, null)))
        .isInstanceOf(AurumException.BadInput.class)
        .hasMessage("--type time_window needs --hours, e.g. 14,15,16 or 10-16");
    assertThatThrownBy(() -> prepare(new Scope.TimeWindow(JAN2, "25")))
        .isInstanceOf(AurumException.BadInput.class)
        .hasMessageStartingWith("--hours 25:");
  }

  @Test
  void a_time_range_needs_both_ends_in_order() {
    LocalDateTime ten = JAN2.atTime(10, 0);
    LocalDateTime noon = JAN2.atTime(12, 0);
    assertThatThrownBy(() -> prepare(new Scope.TimeRange(null, noon)))
        .isInstanceOf(AurumException.BadInput.class)
        .hasMessage("--type time_range needs --start-time \"YYYY-MM-DD HH:MM:SS\"");
    assertThatThrownBy(() -> prepare(new Scope.TimeRange(noon, ten)))
        .isInstanceOf(AurumException.BadInput.class)
        .hasMessageContaining("is not after");
    Reprocesses.Prepared p = prepare(new Scope.TimeRange(ten, noon));
    assertThat(p.operationId()).isEqualTo("PARTIAL_20240102_EIA_10-11");
    assertThat(p.spec().endDate()).isEqualTo(JAN2);
  }

  @Test
  void a_datasets_reprocess_needs_its_day_and_datasets() {
    assertThatThrownBy(() -> prepare(new Scope.Datasets(JAN2)))
        .isInstanceOf(AurumException.BadInput.class)
        .hasMessage("--type datasets needs --datasets A,B");
    assertThatThrownBy(() -> prepare(new Scope.Datasets(null)))
        .hasMessage("reprocess of this --type needs --date");
    Reprocesses.Prepared p =
        REPROCESSES.prepare(
            request(
                new Scope.Datasets(JAN2),
                List.of("ELEC.PRICE", "ELEC.PRICE"),
                null,
                null,
                null,
                null,
                null));
    assertThat(p.spec().datasets()).containsExactly("ELEC.PRICE");
    assertThat(p.operationId()).isEqualTo("PARTIAL_20240102_EIA");
  }

  @Test
  void failed_records_keep_the_source_and_datasets_asked_each_once() {
    List<Failed> log =
        List.of(
            new Failed("eia", "ELEC.DEMAND", "2024-01-03", null),
            new Failed("eia", "ELEC.DEMAND", "2024-01-03", null),
            new Failed("fred", "FRED.RATES_DAILY", "2024-01-09", null),
            new Failed("eia", "ELEC.GEN", "2024-01-01", "{\"hours\":[]}"),
            new Failed("eia", "ELEC.PRICE", "2023-12-01", null));
    Reprocesses.Prepared p =
        REPROCESSES.prepare(
            request(
                new Scope.FailedRecords("f.json", log),
                List.of("ELEC.DEMAND", "ELEC.GEN"),
                null,
                null,
                null,
                null,
                null));
    assertThat(((Scope.FailedRecords) p.scope()).entries()).containsExactly(log.get(0), log.get(3));
    assertThat(p.spec().startDate()).isEqualTo(LocalDate.of(2024, 1, 1));
    assertThat(p.spec().endDate()).isEqualTo(LocalDate.of(2024, 1, 3));
    assertThat(p.operationId()).isEqualTo("PARTIAL_20240103_EIA_FAILED");
  }

  @Test
  void failed_records_need_a_log_listing_known_partitions_of_the_source() {
    assertThatThrownBy(() -> prepare(new Scope.FailedRecords(null, List.of())))
        .isInstanceOf(AurumException.BadInput.class)
        .hasMessage("--type failed_records needs --failure-log FILE");
    List<Failed> other = List.of(new Failed("fred", "FRED.RATES_DAILY", "2024-01-09", null));
    assertThatThrownBy(() -> prepare(new Scope.FailedRecords("f.json", other)))
        .isInstanceOf(AurumException.BadInput.class)
        .hasMessage("f.json lists no failed partition of eia");
    List<Failed> unknown = List.of(new Failed("eia", "ELEC.FOO", "2024-01-09", null));
    assertThatThrownBy(() -> prepare(new Scope.FailedRecords("f.json", unknown)))
        .isInstanceOf(AurumException.BadInput.class)
        .hasMessageContaining("ELEC.FOO");
  }

  @Test
  void an_incremental_reprocess_needs_its_base_date_and_keeps_its_field() {
    assertThatThrownBy(() -> prepare(new Scope.Incremental(null, "last_updated")))
        .hasMessage("reprocess of this --type needs --base-date");
    Reprocesses.Prepared p = prepare(new Scope.Incremental(JAN2, "revised_at"));
    assertThat(p.operationId()).isEqualTo("PARTIAL_20240102_EIA_INCR");
    assertThat(((ReprocessParams) p.spec().params()).incrementalField()).isEqualTo("revised_at");
  }

  @Test
  void a_rollback_plan_must_name_a_quality_and_is_kept() {
    assertThatThrownBy(
            () ->
                REPROCESSES.prepare(
                    request(HOURS, List.of(), null, null, "roll back if bad", null, null)))
        .isInstanceOf(AurumException.BadInput.class)
        .hasMessage(
            "--rollback-plan 'roll back if bad': say e.g. \"Rollback to previous version if"
                + " quality < 0.9\"");
    Reprocesses.Prepared p =
        REPROCESSES.prepare(
            request(
                HOURS,
                List.of(),
                null,
                null,
                "Rollback to previous version if quality < 0.85",
                null,
                null));
    assertThat(p.rollbackBelow()).isEqualTo(0.85);
    assertThat(((ReprocessParams) p.spec().params()).rollbackBelow()).isEqualTo(0.85);
  }

  @Test
  void the_validation_script_must_parse_and_the_threshold_be_a_share() {
    assertThatThrownBy(
            () ->
                REPROCESSES.prepare(
                    request(
                        HOURS,
                        List.of(),
                        null,
                        new Script.Text("v.json", "{ nope"),
                        null,
                        null,
                        null)))
        .isInstanceOf(AurumException.BadInput.class)
        .hasMessageStartingWith("v.json:1:");
    assertThatThrownBy(
            () -> REPROCESSES.prepare(request(HOURS, List.of(), null, null, null, null, -0.1)))
        .hasMessage("--validation-threshold must be in [0, 1], got -0.1");
    String checks = "{\"name\": \"v\", \"steps\": []}";
    Reprocesses.Prepared p =
        REPROCESSES.prepare(
            request(HOURS, List.of(), null, new Script.Text("v.json", checks), null, null, 0.7));
    assertThat(p.spec().params().transforms().validation()).isEqualTo(checks);
    assertThat(p.spec().params().quality().threshold()).isEqualTo(0.7);
  }

  @Test
  void an_unknown_conflict_strategy_is_refused() {
    assertThatThrownBy(
            () ->
                REPROCESSES.prepare(request(HOURS, List.of(), null, null, null, "coin_flip", null)))
        .isInstanceOf(AurumException.BadInput.class)
        .hasMessageStartingWith("--resolution-strategy 'coin_flip' is not a conflict strategy");
  }

  @Test
  void tuning_is_checked_and_named_the_way_its_origin_wrote_it() {
    assertThatThrownBy(
            () ->
                REPROCESSES.prepare(
                    request(HOURS, List.of(), tuning(0, null, null), null, null, null, null)))
        .hasMessage("--max-concurrent must be above 0, got 0");
    assertThatThrownBy(
            () ->
                REPROCESSES.prepare(
                    request(HOURS, List.of(), tuning(null, null, -1), null, null, null, null)))
        .hasMessage("--max-attempts must be above 0, got 0");
    assertThatThrownBy(
            () ->
                REPROCESSES.prepare(
                    request(
                        HOURS, List.of(), tuning(null, 1_000_000, null), null, null, null, null)))
        .hasMessageStartingWith("--batch-size 1000000 is above");
    Origin file = f -> f.equals("concurrency") ? "c.json:2:5: max_concurrent" : FLAGS.name(f);
    assertThatThrownBy(
            () ->
                REPROCESSES.prepare(
                    new ReprocessRequest(
                        SourceId.EIA,
                        HOURS,
                        List.of(),
                        tuning(0, null, null),
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        file)))
        .hasMessage("c.json:2:5: max_concurrent must be above 0, got 0");
    assertThat(
            REPROCESSES
                .prepare(request(HOURS, List.of(), tuning(1, 50, 4), null, null, null, null))
                .spec())
        .satisfies(
            s -> {
              assertThat(s.concurrency()).isEqualTo(1);
              assertThat(s.batchSize()).isEqualTo(50);
              assertThat(s.maxRetries()).isEqualTo(4);
            });
  }

  @Test
  void hours_and_times_are_named_the_way_their_origin_wrote_them() {
    Origin file = field -> "c.json: " + field;
    assertThatThrownBy(
            () ->
                REPROCESSES.prepare(
                    new ReprocessRequest(
                        SourceId.EIA,
                        new Scope.TimeWindow(JAN2, "25"),
                        List.of(),
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        file)))
        .hasMessageStartingWith("c.json: hours 25:");
    Scope backwards = new Scope.TimeRange(JAN2.atTime(12, 0), JAN2.atTime(10, 0));
    assertThatThrownBy(
            () ->
                REPROCESSES.prepare(
                    new ReprocessRequest(
                        SourceId.EIA,
                        backwards,
                        List.of(),
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        file)))
        .hasMessage(
            "c.json: end_time 2024-01-02T10:00 is not after c.json: start_time 2024-01-02T12:00");
  }
}
