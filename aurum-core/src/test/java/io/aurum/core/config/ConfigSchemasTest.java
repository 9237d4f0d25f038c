package io.aurum.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurum.core.error.AurumException;
import io.aurum.core.estimate.CostModel;
import io.aurum.core.model.OperationType;
import io.aurum.core.quality.QualityProfiles;
import io.aurum.core.request.JsonInput;
import io.aurum.core.request.JsonSchemas;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The files of the configuration directory are checked against their JSON Schemas: a misspelt key
 * is refused with its line and the allowed keys, a wrong type or a value out of range with the line
 * of the value, and the repository's files pass.
 */
class ConfigSchemasTest {
  private static final Path REPO_CONFIG = Path.of("..", "config").toAbsolutePath().normalize();

  @TempDir Path dir;

  @Test
  void the_shipped_configuration_files_pass_their_schemas_and_load() {
    String[][] files = {
      {OperationDefaults.FILE, JsonSchemas.OPERATION_DEFAULTS},
      {QuotaConfig.FILE, JsonSchemas.DATA_SOURCE_QUOTAS},
      {DatasetCatalog.FILE, JsonSchemas.DATASETS},
      {QualityProfiles.FILE, JsonSchemas.QUALITY_PROFILES},
      {CostModel.FILE, JsonSchemas.COST_MODEL},
      {"upstream_limits.json", JsonSchemas.UPSTREAM_LIMITS},
    };
    for (String[] f : files) {
      JsonInput.read(REPO_CONFIG.resolve(f[0]), "config file").check(f[1]);
    }
    AurumConfig config = AurumConfig.load(REPO_CONFIG);
    assertThat(config.catalog().all()).isNotEmpty();
    assertThat(config.qualityProfiles().all()).containsKeys("standard", "enhanced_validation");
    assertThat(config.defaults().of(OperationType.REPLAY).qualityThreshold()).isEqualTo(0.9);
  }

  // --- operation_defaults.json

  @Test
  void a_misspelt_operation_default_names_its_line_and_the_allowed_keys() throws Exception {
    assertRefused(
        OperationDefaults.FILE,
        "{\n  \"backfill\": {\n    \"concurency\": 3\n  }\n}\n",
        OperationDefaults::load,
        ":3:5: unknown key 'concurency' in backfill: use one of concurrency, batch_size,"
            + " max_retries, retry_backoff_seconds, progress_interval_seconds, quality_threshold,"
            + " conflict_strategy");
  }

  @Test
  void operation_defaults_of_the_wrong_type_or_out_of_range_are_refused_at_the_value()
      throws Exception {
    assertRefused(
        OperationDefaults.FILE,
        "{\n  \"replay\": {\"batch_size\": \"big\"}\n}\n",
        OperationDefaults::load,
        ":2:28: replay.batch_size: string found, integer expected");
    assertRefused(
        OperationDefaults.FILE,
        "{\n  \"partial\": {\"quality_threshold\": 1.5}\n}\n",
        OperationDefaults::load,
        ":2:36: partial.quality_threshold: must have a maximum value of 1");
    assertRefused(
        OperationDefaults.FILE,
        "{\"backfill\": {\"conflict_strategy\": \"coin_flip\"}}",
        OperationDefaults::load,
        ":1:36: backfill.conflict_strategy is \"coin_flip\": use latest_wins, keep_existing,"
            + " highest_quality or manual");
  }

  @Test
  void rules_between_operation_defaults_are_still_checked_with_the_line() throws Exception {
    assertRefused(
        OperationDefaults.FILE,
        "{\n  \"engine\": {\"lease_seconds\": 60, \"heartbeat_seconds\": 30,"
            + " \"runner_stale_seconds\": 20}\n}\n",
        OperationDefaults::load,
        ":2:56: engine.heartbeat_seconds 30 must be below runner_stale_seconds (20)");
  }

  @Test
  void the_fetch_slot_lease_defaults_to_10_s_survives_a_workers_lease_and_must_be_positive()
      throws Exception {
    Files.writeString(dir.resolve(OperationDefaults.FILE), "{\"engine\": {\"lease_seconds\": 60}}");
    OperationDefaults defaults = OperationDefaults.load(dir);
    assertThat(defaults.engine().fetchSlotLease()).isEqualTo(java.time.Duration.ofSeconds(10));
    Files.writeString(
        dir.resolve(OperationDefaults.FILE), "{\"engine\": {\"fetch_slot_lease_seconds\": 4}}");
    assertThat(
            OperationDefaults.load(dir)
                .withLease(java.time.Duration.ofSeconds(3))
                .engine()
                .fetchSlotLease())
        .isEqualTo(java.time.Duration.ofSeconds(4));
    assertRefused(
        OperationDefaults.FILE,
        "{\"engine\": {\"fetch_slot_lease_seconds\": 0}}",
        OperationDefaults::load,
        ":1:41: engine.fetch_slot_lease_seconds: must have a minimum value of 1");
  }

  // --- data_source_quotas.json

  @Test
  void a_misspelt_quota_key_or_source_names_its_line_and_the_allowed_keys() throws Exception {
    assertRefused(
        QuotaConfig.FILE,
        "{\"sources\": {\n  \"eia\": {\"limits\": [{\"requests\": 5, \"period\": \"PT1S\"}],"
            + " \"max_concurency\": 5}\n}}",
        QuotaConfig::load,
        ":2:58: unknown key 'max_concurency' in sources.eia: use one of limits,"
            + " max_concurrency, reserved_share, typical_latency_ms, markets");
    assertRefused(
        QuotaConfig.FILE,
        "{\"sources\": {\n  \"eai\": {}\n}}",
        QuotaConfig::load,
        ":2:3: unknown key 'eai' in sources: use one of eia, fred, cpi, noaa, iso");
  }

  @Test
  void quotas_of_the_wrong_type_out_of_range_or_incomplete_are_refused() throws Exception {
    String eia =
        "{\"sources\": {\n  \"eia\": {\"limits\": [{\"requests\": R, \"period\": \"PT1S\"}],"
            + " \"max_concurrency\": 1, \"reserved_share\": S}\n}}";
    assertRefused(
        QuotaConfig.FILE,
        eia.replace("R", "\"five\"").replace("S", "0"),
        QuotaConfig::load,
        ":2:35: sources.eia.limits[0].requests: string found, number expected");
    assertRefused(
        QuotaConfig.FILE,
        eia.replace("R", "5").replace("S", "1"),
        QuotaConfig::load,
        ":2:98: sources.eia.reserved_share: must have an exclusive maximum value of 1");
    assertRefused(
        QuotaConfig.FILE,
        "{\"sources\": {\n  \"eia\": {\"max_concurrency\": 1}\n}}",
        QuotaConfig::load,
        ":2:10: missing key 'limits' in sources.eia");
  }

  // --- datasets.json

  private static final String DATASET =
      "{\"datasets\": [\n  {\"source\": \"eia\", \"name\": \"ELEC.DEMAND\", \"frequency\":"
          + " \"hourly\",\n   \"zone\": \"America/New_York\", \"series\": [\"PJM-D\"]EXTRA}\n]}";

  @Test
  void a_misspelt_dataset_key_names_its_line_and_the_allowed_keys() throws Exception {
    assertRefused(
        DatasetCatalog.FILE,
        DATASET.replace("EXTRA", ",\n   \"max_vaule\": 5"),
        DatasetCatalog::load,
        ":4:4: unknown key 'max_vaule' in datasets[0]: use one of source, name, description,"
            + " frequency, zone, schema_version, publication_lag_hours, series, calendar,"
            + " series_calendars, unit, min_value, max_value, bounds, upstream");
  }

  @Test
  void datasets_of_the_wrong_type_or_out_of_range_are_refused_at_the_value() throws Exception {
    assertRefused(
        DatasetCatalog.FILE,
        DATASET.replace("EXTRA", ",\n   \"bounds\": {\"min\": \"low\"}"),
        DatasetCatalog::load,
        ":4:22: datasets[0].bounds.min: string found, [number, null] expected");
    assertRefused(
        DatasetCatalog.FILE,
        DATASET.replace("EXTRA", ",\n   \"publication_lag_hours\": -1"),
        DatasetCatalog::load,
        ":4:29: datasets[0].publication_lag_hours: must have a minimum value of 0");
    assertRefused(
        DatasetCatalog.FILE,
        DATASET.replace("\"hourly\"", "\"weekly\"").replace("EXTRA", ""),
        DatasetCatalog::load,
        ":2:57: datasets[0].frequency is \"weekly\": use hourly, daily, monthly or five_minute");
  }

  @Test
  void rules_the_dataset_schema_cannot_express_are_still_checked_with_the_line() throws Exception {
    assertRefused(
        DatasetCatalog.FILE,
        DATASET.replace("America/New_York", "Mars/Olympus").replace("EXTRA", ""),
        DatasetCatalog::load,
        ":3:12: dataset ELEC.DEMAND: Unknown time-zone ID: Mars/Olympus: use a zone id");
    String twice = DATASET.replace("EXTRA", "");
    twice =
        twice.replace(
            "\n]}", ",\n" + twice.substring(twice.indexOf("  {"), twice.length() - 3) + "\n]}");
    assertRefused(
        DatasetCatalog.FILE,
        twice,
        DatasetCatalog::load,
        ":4:29: dataset ELEC.DEMAND is listed twice for source eia");
  }

  // --- quality_profiles.json

  @Test
  void a_misspelt_quality_profile_key_or_check_names_its_line_and_the_allowed_keys()
      throws Exception {
    assertRefused(
        QualityProfiles.FILE,
        "{\"profiles\": {\"strict\": {\n  \"checks\": {\"completeness\": 1},\n  \"treshold\": 0.9\n}}}",
        QualityProfiles::load,
        ":3:3: unknown key 'treshold' in profiles.strict: use one of checks, threshold,"
            + " drift_tolerance, max_findings_per_check");
    assertRefused(
        QualityProfiles.FILE,
        "{\"profiles\": {\"strict\": {\n  \"checks\": {\"completness\": 1}\n}}}",
        QualityProfiles::load,
        ":2:14: unknown key 'completness' in profiles.strict.checks: use one of completeness,"
            + " accuracy, consistency, timeliness");
  }

  @Test
  void quality_profiles_of_the_wrong_type_or_out_of_range_are_refused() throws Exception {
    assertRefused(
        QualityProfiles.FILE,
        "{\"profiles\": {\"strict\": {\n  \"checks\": {\"accuracy\": 1}, \"threshold\": 2\n}}}",
        QualityProfiles::load,
        ":2:43: profiles.strict.threshold: must have a maximum value of 1");
    assertRefused(
        QualityProfiles.FILE,
        "{\"profiles\": {\"strict\": {\n  \"checks\": \"all\"\n}}}",
        QualityProfiles::load,
        ":2:13: profiles.strict.checks: string found, object expected");
    assertRefused(
        QualityProfiles.FILE,
        "{\"default_profile\": \"lax\",\n \"profiles\": {\"strict\": {\"checks\": {\"accuracy\": 1}}}}",
        QualityProfiles::load,
        ":1:21: default_profile 'lax' is not one of the profiles: use one of strict");
  }

  // --- cost_model.json

  @Test
  void a_misspelt_cost_model_key_names_its_line_and_the_allowed_keys() throws Exception {
    assertRefused(
        CostModel.FILE,
        "{\n  \"currency\": \"EUR\",\n  \"compute_per_hr\": 0.2\n}",
        CostModel::load,
        ":3:3: unknown key 'compute_per_hr': use one of currency, compute_per_hour,"
            + " storage_per_gb_month, storage_bytes_per_row, sources");
  }

  @Test
  void cost_model_values_of_the_wrong_type_or_out_of_range_are_refused() throws Exception {
    assertRefused(
        CostModel.FILE,
        "{\n  \"storage_bytes_per_row\": 0\n}",
        CostModel::load,
        ":2:28: storage_bytes_per_row: must have a minimum value of 1");
    assertRefused(
        CostModel.FILE,
        "{\"sources\": {\n  \"fred\": {\"api_call_cost\": \"free\"}\n}}",
        CostModel::load,
        ":2:29: sources.fred.api_call_cost: string found, number expected");
  }

  // ---

  @Test
  void an_underscore_key_is_a_comment_anywhere_the_loader_ignores_keys() throws Exception {
    Files.writeString(
        dir.resolve(OperationDefaults.FILE),
        "{\"_comment\": \"x\", \"backfill\": {\"_why\": \"y\", \"concurrency\": 2}}");
    assertThat(OperationDefaults.load(dir).of(OperationType.BACKFILL).concurrency()).isEqualTo(2);
  }

  @Test
  void a_key_given_twice_is_refused_at_its_second_place() throws Exception {
    assertRefused(
        CostModel.FILE,
        "{\"currency\": \"USD\",\n \"currency\": \"EUR\"}",
        CostModel::load,
        ":2:12: Duplicate field 'currency'");
  }

  @Test
  void a_number_too_large_for_a_double_is_refused_at_its_place() throws Exception {
    assertRefused(
        OperationDefaults.FILE,
        "{\"retention\": {\"superseded_days\": 1e400}}",
        OperationDefaults::load,
        ":1:35: retention.superseded_days is too large to be a number");
  }

  @Test
  void relayed_outbox_rows_are_kept_7_days_unless_configured_and_at_least_a_day() throws Exception {
    Files.writeString(dir.resolve(OperationDefaults.FILE), "{}");
    assertThat(OperationDefaults.load(dir).outboxRetention())
        .isEqualTo(java.time.Duration.ofDays(7));
    Files.writeString(dir.resolve(OperationDefaults.FILE), "{\"retention\": {\"outbox_days\": 2}}");
    assertThat(OperationDefaults.load(dir).outboxRetention())
        .isEqualTo(java.time.Duration.ofDays(2));
    assertRefused(
        OperationDefaults.FILE,
        "{\"retention\": {\"outbox_days\": 0}}",
        OperationDefaults::load,
        "outbox_days");
  }

  @Test
  void the_metrics_history_is_kept_90_days_unless_configured_and_at_least_a_day() throws Exception {
    Files.writeString(dir.resolve(OperationDefaults.FILE), "{}");
    assertThat(OperationDefaults.load(dir).metricsHistoryRetention())
        .isEqualTo(java.time.Duration.ofDays(90));
    Files.writeString(
        dir.resolve(OperationDefaults.FILE), "{\"retention\": {\"metrics_history_days\": 30}}");
    assertThat(OperationDefaults.load(dir).metricsHistoryRetention())
        .isEqualTo(java.time.Duration.ofDays(30));
    assertRefused(
        OperationDefaults.FILE,
        "{\"retention\": {\"metrics_history_days\": 0}}",
        OperationDefaults::load,
        "metrics_history_days");
    assertRefused(
        OperationDefaults.FILE,
        "{\"retention\": {\"metrics_history_days\": 1.5}}",
        OperationDefaults::load,
        "metrics_history_days");
  }

  private void assertRefused(String file, String text, Consumer<Path> load, String expected)
      throws Exception {
    Files.writeString(dir.resolve(file), text);
    assertThatThrownBy(() -> load.accept(dir))
        .as(text)
        .isInstanceOf(AurumException.BadInput.class)
        .hasMessageStartingWith(dir.resolve(file) + ":")
        .hasMessageContaining(expected)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }
}
