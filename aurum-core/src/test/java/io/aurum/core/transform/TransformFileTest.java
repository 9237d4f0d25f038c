package io.aurum.core.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurum.core.error.AurumException;
import io.aurum.core.model.Dataset;
import io.aurum.core.model.Frequency;
import io.aurum.core.model.Observation;
import io.aurum.core.model.Operation;
import io.aurum.core.model.OperationParams.Transforms;
import io.aurum.core.model.OperationSpec;
import io.aurum.core.model.OperationType;
import io.aurum.core.model.PartitionKey;
import io.aurum.core.model.Priority;
import io.aurum.core.model.ReplayParams;
import io.aurum.core.model.SourceId;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Migration, transform and validation files fail loudly: an unknown key is an error at load with
 * its line, a field name the records do not have is an error on the first record.
 */
class TransformFileTest {
  private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
  private static final Dataset DS =
      new Dataset(
          SourceId.EIA,
          "ELEC.DEMAND",
          Frequency.HOURLY,
          ZoneOffset.UTC,
          "v1",
          List.of("A"),
          "MWh",
          0,
          1e9,
          Map.of(),
          Duration.ofHours(48));
  private static final PartitionKey KEY =
      new PartitionKey(SourceId.EIA, "ELEC.DEMAND", LocalDate.of(2024, 1, 1));

  @Test
  void an_unknown_top_level_key_is_refused_with_its_line() {
    String json = "{\n  \"name\": \"m\",\n  \"step\": []\n}";
    assertThatThrownBy(() -> TransformFile.parse("m.json", json))
        .isInstanceOf(AurumException.BadInput.class)
        .hasMessageStartingWith("m.json:3:3: unknown key 'step'")
        .hasMessageContaining("steps");
  }

  @Test
  void an_unknown_key_in_a_step_is_refused_with_its_line_in_yaml_too() {
    String yaml = "name: m\nsteps:\n  - op: rename\n    from: a\n    to: b\n    too: c\n";
    assertThatThrownBy(() -> TransformFile.parse("m.yaml", yaml))
        .isInstanceOf(AurumException.BadInput.class)
        .hasMessageStartingWith("m.yaml:6:5: unknown key 'too' in steps[0]");
  }

  @Test
  void a_key_of_another_op_is_refused_with_its_line() {
    String json =
        "{\"steps\": [\n  {\"op\": \"rename\", \"from\": \"a\", \"to\": \"b\",\n   \"factor\": 2}\n]}";
    assertThatThrownBy(() -> TransformFile.parse("m.json", json))
        .hasMessageStartingWith("m.json:3:4: step 'rename' takes no key 'factor'");
  }

  @Test
  void an_unknown_op_and_a_bad_check_key_are_refused_with_their_line() {
    assertThatThrownBy(() -> TransformFile.parse("m.json", "{\"steps\": [\n {\"op\": \"renam\"}]}"))
        .hasMessageStartingWith("m.json:2:")
        .hasMessageContaining("renam");
    assertThatThrownBy(
            () ->
                TransformFile.parse(
                    "v.json", "{\"checks\": [\n {\"name\": \"x\", \"exprr\": \"value > 0\"}]}"))
        .hasMessageStartingWith("v.json:2:16: unknown key 'exprr' in checks[0]");
  }

  @Test
  void an_expression_error_names_line_and_column_and_1e_minus_3_parses() {
    TransformFile ok =
        TransformFile.parse(
            "m.json",
            "{\"steps\": [{\"op\": \"derive\", \"field\": \"v\", \"expr\": \"value * 1e-3\"}]}");
    assertThat(ok.steps()).hasSize(1);
    assertThatThrownBy(
            () ->
                TransformFile.parse(
                    "m.json",
                    "{\"steps\": [\n  {\"op\": \"derive\", \"field\": \"v\", \"expr\": \"value * (2\"}]}"))
        .hasMessageStartingWith("m.json:2:")
        .hasMessageContaining("missing ')'");
  }

  private static TransformChain chain(String migration) {
    OperationSpec spec =
        new OperationSpec(
            SourceId.EIA,
            KEY.period(),
            KEY.period(),
            List.of("ELEC.DEMAND"),
            1,
            1000,
            0,
            null,
            0,
            true,
            "latest_wins",
            new ReplayParams(null, null, null, null, Transforms.NONE.withMigration(migration)));
    return TransformChain.of(
        Operation.planned("REPLAY_X", OperationType.REPLAY, spec, Priority.NORMAL, "r", "t", T0));
  }

  private static List<Observation> rows() {
    return List.of(
        new Observation("A", T0, 1000, "MWh", "{\"qa_flag\": 1, \"respondent\": \"PJM\"}"),
        new Observation("A", T0.plusSeconds(3600), 2000, "MWh", "{\"qa_flag\": 0}"));
  }

  @Test
  void a_misspelt_field_is_an_error_on_the_first_record_not_a_silent_no_op() {
    for (String step :
        List.of(
            "{\"op\": \"rename\", \"from\": \"qa_flg\", \"to\": \"quality_flag\"}",
            "{\"op\": \"drop\", \"field\": \"respondnt\"}",
            "{\"op\": \"derive\", \"field\": \"gwh\", \"expr\": \"valeu / 1000\"}")) {
      TransformChain c = chain("{\"name\": \"m\", \"steps\": [" + step + "]}");
      assertThatThrownBy(() -> c.apply(DS, KEY, rows(), T0))
          .as(step)
          .isInstanceOf(AurumException.BadInput.class)
          .hasMessageContaining("m step 1")
          .hasMessageContaining("no field '")
          .hasMessageContaining("fix the name");
    }
  }

  @Test
  void fields_made_by_earlier_steps_are_known_to_later_ones() {
    TransformChain c =
        chain(
            "{\"name\": \"m\", \"steps\": ["
                + "{\"op\": \"rename\", \"from\": \"qa_flag\", \"to\": \"q\"},"
                + "{\"op\": \"derive\", \"field\": \"gwh\", \"expr\": \"value / 1000 + q\"},"
                + "{\"op\": \"derive\", \"field\": \"twice\", \"expr\": \"gwh * 2\"},"
                + "{\"op\": \"drop\", \"field\": \"respondent\"}]}");
    List<Observation> out = c.apply(DS, KEY, rows(), T0);
    assertThat(out.get(0).attributes()).contains("\"twice\":4.0").doesNotContain("respondent");
  }

  @Test
  void a_validation_check_naming_an_unknown_field_fails_loudly() {
    OperationSpec spec =
        new OperationSpec(
            SourceId.EIA,
            KEY.period(),
            KEY.period(),
            List.of("ELEC.DEMAND"),
            1,
            1000,
            0,
            null,
            0,
            true,
            "latest_wins",
            new ReplayParams(
                null,
                null,
                null,
                null,
                Transforms.NONE.withValidation(
                    "{\"checks\": [{\"name\": \"pos\", \"expr\": \"vlaue > 0\"}]}")));
    TransformChain c =
        TransformChain.of(
            Operation.planned(
                "REPLAY_X", OperationType.REPLAY, spec, Priority.NORMAL, "r", "t", T0));
    assertThatThrownBy(() -> c.passRatio(c.apply(DS, KEY, rows(), T0)))
        .hasMessageContaining("validation check 'pos'")
        .hasMessageContaining("no field 'vlaue'");
  }
}
