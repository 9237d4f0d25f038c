package io.aurum.core.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurum.core.config.AurumConfig;
import io.aurum.core.config.OperationDefaults;
import io.aurum.core.error.AurumException;
import io.aurum.core.model.OperationType;
import io.aurum.core.model.SourceId;
import io.aurum.core.plan.PlanFile;
import io.aurum.core.testing.TestFlags;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plan file passes the same rules as the flags: its schema (unknown keys by their line), the
 * quota's concurrency limit, known conflict strategies; the quota key is recomputed from the
 * source; duplicates are dropped.
 */
class PlanFileRulesTest {
  private static final AurumConfig CONFIG =
      AurumConfig.load(Path.of("..", "config").toAbsolutePath().normalize());
  private static final OperationDefaults.TypeDefaults DEFAULTS =
      CONFIG.defaults().of(OperationType.BACKFILL);
  private static final RequestRules.Derivation DERIVED =
      src -> new RequestRules.Derived("key-of-" + src.cliName());

  @TempDir Path dir;

  /** A plan as aurum plan --output writes it, with {@code spec} and {@code more} spliced in. */
  private Path plan(String spec, String more) throws Exception {
    Path f = dir.resolve("plan.json");
    Files.writeString(
        f,
        "{\n"
            + "  \"format\": \"aurum-plan/1\",\n"
            + "  \"source\": \"eia\",\n"
            + "  \"start_date\": \"2024-01-01\",\n"
            + "  \"end_date\": \"2024-01-02\",\n"
            + "  \"datasets\": [\"ELEC.DEMAND\", \"ELEC.DEMAND\", \"elec.demand\"],\n"
            + "  \"spec\": {\n"
            + spec
            + "\n  },\n"
            + more
            + "  \"partitions\": [\n"
            + "    {\"order\": 1, \"dataset\": \"ELEC.DEMAND\", \"period\": \"2024-01-01\", \"requests\": 99},\n"
            + "    {\"order\": 2, \"dataset\": \"ELEC.DEMAND\", \"period\": \"2024-01-02\"},\n"
            + "    {\"order\": 3, \"dataset\": \"ELEC.DEMAND\", \"period\": \"2024-01-02\"}\n"
            + "  ]\n"
            + "}\n");
    return f;
  }

  private static final String OK_SPEC =
      "    \"concurrency\": 2,\n"
          + "    \"batch_size\": 1000,\n"
          + "    \"conflict_strategy\": \"latest_wins\",\n"
          + "    \"extra\": {\"quota_key\": \"someone-elses-key\", \"estimate_api_calls\": \"1\"}";

  private PlanFile.Loaded read(Path f) {
    return PlanFile.read(f, CONFIG, DEFAULTS, DERIVED);
  }

  @Test
  void a_valid_plan_is_read_with_its_quota_key_recomputed_and_duplicates_dropped()
      throws Exception {
    PlanFile.Loaded p = read(plan(OK_SPEC, ""));
    assertThat(p.spec().source()).isEqualTo(SourceId.EIA);
    assertThat(p.spec().params().quotaKey()).isEqualTo("key-of-eia");
    assertThat(p.spec().params().estimate()).isNull();
    assertThat(p.spec().datasets()).containsExactly("ELEC.DEMAND");
    assertThat(p.partitions()).hasSize(2);
  }

  @Test
  void concurrency_above_the_quota_is_refused_with_its_line_as_the_flag_is() throws Exception {
    Path f = plan(OK_SPEC.replace("\"concurrency\": 2", "\"concurrency\": 10000"), "");
    assertThatThrownBy(() -> read(f))
        .isInstanceOf(AurumException.BadInput.class)
        .hasMessageStartingWith(f + ":8:")
        .hasMessageContaining("spec.concurrency 10000 is above the 5 that the eia quota allows");
  }

  @Test
  void an_unknown_conflict_strategy_is_refused_at_load_with_its_line() throws Exception {
    Path f = plan(OK_SPEC.replace("latest_wins", "newest_wins"), "");
    assertThatThrownBy(() -> read(f))
        .isInstanceOf(AurumException.BadInput.class)
        .hasMessageStartingWith(f + ":10:")
        .hasMessageContaining("spec.conflict_strategy")
        .hasMessageContaining("newest_wins");
  }

  @Test
  void an_unknown_key_is_refused_with_the_line_of_the_key() throws Exception {
    Path f = plan(OK_SPEC + ",\n    \"concurency\": 3", "");
    assertThatThrownBy(() -> read(f))
        .isInstanceOf(AurumException.BadInput.class)
        .hasMessageStartingWith(f + ":12:5: unknown key 'concurency' in spec")
        .hasMessageContaining("concurrency");
    Path g = plan(OK_SPEC, "  \"owner\": \"me\",\n");
    assertThatThrownBy(() -> read(g)).hasMessageStartingWith(g + ":13:3: unknown key 'owner'");
  }

  @Test
  void an_unknown_spec_extra_is_refused_it_would_reach_the_upstream_request() throws Exception {
    Path f = plan(OK_SPEC.replace("\"quota_key\"", "\"series\": \"X\", \"quota_key\""), "");
    assertThatThrownBy(() -> read(f)).hasMessageContaining("unknown key 'series' in spec.extra");
  }

  @Test
  void other_limits_are_the_flags_limits() throws Exception {
    for (String[] c :
        List.of(
            new String[] {"\"batch_size\": 1000", "\"batch_size\": 0", "spec.batch_size"},
            new String[] {"\"batch_size\": 1000", "\"batch_size\": 1000000", "spec.batch_size"},
            new String[] {
              "\"concurrency\": 2", "\"concurrency\": 2, \"rate_limit\": 1e9", "rate_limit"
            },
            new String[] {
              "\"concurrency\": 2", "\"concurrency\": 2, \"max_retries\": 1000", "max_retries"
            },
            new String[] {"\"concurrency\": 2", "\"concurrency\": \"2\"", "spec.concurrency"})) {
      Path f = plan(OK_SPEC.replace(c[0], c[1]), "");
      assertThatThrownBy(() -> read(f))
          .as(c[1])
          .isInstanceOf(AurumException.BadInput.class)
          .hasMessageStartingWith(f + ":")
          .hasMessageContaining(c[2]);
    }
  }

  @Test
  void a_missing_plan_file_is_not_found() {
    assertThatThrownBy(() -> read(dir.resolve("nope.json")))
        .isInstanceOf(AurumException.NotFound.class)
        .hasMessageContaining("does not exist");
  }

  @Test
  void flags_and_files_share_the_rule_and_name_the_value_their_own_way() {
    var quota = CONFIG.quotas().get(SourceId.EIA);
    assertThatThrownBy(
            () -> RequestRules.concurrency(10000, 3, quota, SourceId.EIA, TestFlags.FLAGS))
        .hasMessage(
            "--concurrency 10000 is above the 5 that the eia quota allows (max_concurrency in data_source_quotas.json)");
    assertThat(RequestRules.concurrency(null, 10000, quota, SourceId.EIA, TestFlags.FLAGS))
        .isEqualTo(5);
    assertThatThrownBy(() -> RequestRules.progressInterval(-1, 300, TestFlags.FLAGS))
        .hasMessageContaining("--progress-interval must be above 0");
    assertThat(
            RequestRules.datasetNames(
                CONFIG, SourceId.EIA, List.of("ELEC.DEMAND", "elec.demand", "ELEC.DEMAND")))
        .containsExactly("ELEC.DEMAND");
  }
}
