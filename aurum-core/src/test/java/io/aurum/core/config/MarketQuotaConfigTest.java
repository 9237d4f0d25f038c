package io.aurum.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurum.core.engine.SourceThrottle;
import io.aurum.core.error.AurumException;
import io.aurum.core.health.Finding;
import io.aurum.core.health.QuotaValidator;
import io.aurum.core.model.Dataset;
import io.aurum.core.model.OperationSpec;
import io.aurum.core.model.SourceId;
import io.aurum.core.plan.Planner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Per-market ISO quotas: loading, the older one-limiter form, errors, validation and plans. */
class MarketQuotaConfigTest {
  private static final Path REPO_CONFIG = Path.of("..", "config").toAbsolutePath().normalize();
  @TempDir Path dir;

  private Path configWith(String isoQuota) throws Exception {
    for (String f : List.of("datasets.json", "operation_defaults.json")) {
      Files.copy(REPO_CONFIG.resolve(f), dir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
    }
    Files.writeString(
        dir.resolve(QuotaConfig.FILE),
        """
        {"sources": {
          "eia":  {"limits": [{"requests": 5, "period": "PT1S"}, {"requests": 9000, "period": "PT1H"}], "max_concurrency": 5, "reserved_share": 0.2},
          "fred": {"limits": [{"requests": 120, "period": "PT1M"}], "max_concurrency": 4, "reserved_share": 0.2},
          "cpi":  {"limits": [{"requests": 500, "period": "P1D"}], "max_concurrency": 1, "reserved_share": 0.1},
          "noaa": {"limits": [{"requests": 5, "period": "PT1S"}, {"requests": 10000, "period": "P1D"}], "max_concurrency": 5, "reserved_share": 0.2},
          "iso":  %s
        }}
        """
            .formatted(isoQuota));
    return dir;
  }

  private static final String MARKETS =
      """
      {"markets": {
        "nyiso": {"limits": [{"requests": 60, "period": "PT1M"}], "max_concurrency": 2, "reserved_share": 0.2},
        "caiso": {"limits": [{"requests": 1, "period": "PT5S"}], "max_concurrency": 1, "reserved_share": 0.2},
        "pjm":   {"limits": [{"requests": 6, "period": "PT1M"}], "max_concurrency": 1, "reserved_share": 0.2}
      }}""";

  private void assertOneLineError(String isoQuota, String... parts) throws Exception {
    Path d = configWith(isoQuota);
    assertThatThrownBy(() -> QuotaConfig.load(d))
        .isInstanceOf(AurumException.BadInput.class)
        .hasMessageContaining(d.resolve(QuotaConfig.FILE).toString())
        .hasMessageContaining(parts[0])
        .satisfies(
            e -> {
              for (String p : parts) {
                assertThat(e.getMessage()).contains(p);
              }
              assertThat(e.getMessage()).doesNotContain("\n");
            });
  }

  @Test
  void the_repository_config_gives_each_iso_market_its_own_quota() {
    SourceQuota iso = QuotaConfig.load(REPO_CONFIG).get(SourceId.ISO);
    DatasetCatalog catalog = DatasetCatalog.load(REPO_CONFIG);
    assertThat(iso.perMarket()).isTrue();
    assertThat(iso.markets()).containsOnlyKeys("nyiso", "caiso", "pjm");
    assertThat(iso.lane("nyiso").requestsPerSecond()).isEqualTo(1.0);
    assertThat(iso.lane("caiso").requestsPerSecond()).isEqualTo(0.2);
    assertThat(iso.lane("pjm").requestsPerSecond()).isEqualTo(0.1);
    // The combined view: strictest pacing, markets side by side.
    assertThat(iso.requestsPerSecond()).isEqualTo(0.1);
    assertThat(iso.maxConcurrency()).isEqualTo(4);
    assertThat(iso.totalRequestsPerSecond())
        .isEqualTo(1.3, org.assertj.core.data.Offset.offset(1e-9));
    for (Dataset d : catalog.forSource(SourceId.ISO)) {
      assertThat(iso.laneOf(d)).isEqualTo(d.upstream().get("market"));
    }
    assertThat(iso.lane(iso.laneOf(catalog.get(SourceId.ISO, "CAISO.DA_LMP"))).limits())
        .containsExactly(new SourceQuota.Limit(1, Duration.ofSeconds(5)));
  }

  @Test
  void the_older_one_limiter_form_still_loads_and_paces_every_market_together() throws Exception {
    SourceQuota iso =
        QuotaConfig.load(
                configWith(
                    "{\"limits\": [{\"requests\": 6, \"period\": \"PT1M\"}], \"max_concurrency\": 1,"
                        + " \"reserved_share\": 0.2}"))
            .get(SourceId.ISO);
    assertThat(iso.perMarket()).isFalse();
    Dataset nyiso = DatasetCatalog.load(REPO_CONFIG).get(SourceId.ISO, "NYISO.DA_LBMP");
    assertThat(iso.laneOf(nyiso)).isNull();
    assertThat(iso.lane(iso.laneOf(nyiso))).isSameAs(iso);
    List<Finding> findings = new QuotaValidator().validate(dir);
    assertThat(findings)
        .anySatisfy(
            f -> {
              assertThat(f.severity()).isEqualTo(Finding.Severity.WARNING);
              assertThat(f.message()).contains("one limiter for every market");
            });
  }

  @Test
  void bad_market_config_is_a_one_line_error_naming_the_file_and_field() throws Exception {
    assertOneLineError(
        "{\"limits\": [{\"requests\": 6, \"period\": \"PT1M\"}], \"max_concurrency\": 1,"
            + " \"markets\": {\"pjm\": {\"limits\": [{\"requests\": 6, \"period\": \"PT1M\"}],"
            + " \"max_concurrency\": 1}}}",
        "sources.iso.limits cannot sit beside markets");
    assertOneLineError(
        "{\"markets\": {}}", "sources.iso.markets is empty: give at least one entry");
    assertOneLineError(
        "{\"markets\": {\"pjm\": {\"max_concurrency\": 1}}}",
        "missing key 'limits' in sources.iso.markets.pjm");
    assertOneLineError(
        "{\"markets\": {\"caiso\": {\"limits\": [{\"requests\": 1, \"period\": \"5s\"}],"
            + " \"max_concurrency\": 1}}}",
        "sources.iso.markets.caiso.limits[].period must be an ISO-8601 duration");
    assertOneLineError(
        "{\"markets\": {\"caiso\": {\"limits\": [{\"requests\": 1, \"period\": \"PT5S\"}],"
            + " \"max_concurrency\": 13}}}",
        "sources.iso.markets.caiso.max_concurrency 13 is more than the quota can feed");
    assertOneLineError(
        "{\"markets\": {\"PJM\": {\"limits\": [{\"requests\": 6, \"period\": \"PT1M\"}],"
            + " \"max_concurrency\": 1}}}",
        "market name 'PJM' must be lower-case");
  }

  @Test
  void quotas_validate_checks_each_market_against_its_documented_limit() throws Exception {
    List<Finding> ok = new QuotaValidator().validate(configWith(MARKETS));
    assertThat(ok).noneMatch(f -> f.severity() == Finding.Severity.ERROR);
    assertThat(ok)
        .anySatisfy(
            f -> {
              assertThat(f.subject()).isEqualTo("iso/nyiso");
              assertThat(f.message()).contains("polite rate of our own choosing");
            });
    List<Finding> fastCaiso =
        new QuotaValidator()
            .validate(
                configWith(
                    MARKETS.replace(
                        "\"requests\": 1, \"period\": \"PT5S\"",
                        "\"requests\": 2, \"period\": \"PT5S\"")));
    assertThat(fastCaiso)
        .anySatisfy(
            f -> {
              assertThat(f.severity()).isEqualTo(Finding.Severity.ERROR);
              assertThat(f.subject()).isEqualTo("iso/caiso");
              assertThat(f.message()).contains("above the documented 1 per PT5S");
            });
    String noCaiso =
        MARKETS.replaceAll(
            "\\s*\"caiso\": \\{\"limits\": \\[\\{\"requests\": 1, \"period\": \"PT5S\"}],"
                + " \"max_concurrency\": 1, \"reserved_share\": 0.2},",
            "");
    assertThat(noCaiso).doesNotContain("caiso");
    assertThat(new QuotaValidator().validate(configWith(noCaiso)))
        .anySatisfy(
            f -> {
              assertThat(f.severity()).isEqualTo(Finding.Severity.ERROR);
              assertThat(f.message()).contains("CAISO.DA_LMP", "market 'caiso'");
            });
  }

  @Test
  void a_plan_of_nyiso_and_pjm_side_by_side_takes_as_long_as_the_pjm_part_alone() {
    AurumConfig config = AurumConfig.load(REPO_CONFIG);
    OperationSpec spec =
        new OperationSpec(
            SourceId.ISO,
            LocalDate.of(2024, 1, 1),
            LocalDate.of(2024, 1, 10),
            List.of("NYISO.DA_LBMP", "PJM.RT_LMP"),
            3,
            1000,
            3,
            null,
            1.0,
            false,
            "latest_wins",
            null);
    Planner.Plan plan = new Planner(null, Map.of(), config).plan(spec);
    assertThat(plan.requests()).isEqualTo(20);
    SourceQuota iso = config.quotas().get(SourceId.ISO);
    assertThat(Planner.requestsByLane(plan.partitions(), iso, config.catalog()))
        .containsEntry("nyiso", 10L)
        .containsEntry("pjm", 10L);
    Duration pjmAlone =
        SourceThrottle.timeFor(10, SourceThrottle.limitsFor(iso.lane("pjm"), null, 0.8));
    assertThat(plan.estimatedDuration()).isEqualTo(pjmAlone);
    // One limiter for both would have paced all 20 requests at PJM's rate.
    assertThat(plan.estimatedDuration())
        .isLessThan(SourceThrottle.timeFor(20, SourceThrottle.limitsFor(iso, null, 0.8)));
    assertThat(Planner.quotaDays(plan, iso, config.catalog())).isEqualTo(1);
  }
}
