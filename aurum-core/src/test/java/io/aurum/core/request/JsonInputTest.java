package io.aurum.core.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurum.core.error.AurumException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonInputTest {
  @TempDir Path dir;

  static final String PLAN =
      """
      // a plan
      {
        "spec": {
          "concurrency": 99,
          "datasets": ["A", "B"]
        }
      }
      """;

  @Test
  void values_and_keys_are_found_by_json_pointer_with_their_line_and_column() {
    JsonInput in = JsonInput.parse("plan.json", PLAN, false);
    assertThat(in.root().path("spec").path("concurrency").asInt()).isEqualTo(99);
    assertThat(in.valueAt("/spec/concurrency")).containsExactly(4, 20);
    assertThat(in.keyAt("/spec/concurrency")).containsExactly(4, 5);
    assertThat(in.where("/spec/datasets/1")).isEqualTo("plan.json:5:23");
    // A pointer into nothing falls back to its nearest existing parent.
    assertThat(in.valueAt("/spec/missing")).isEqualTo(in.valueAt("/spec"));
  }

  @Test
  void a_complaint_and_an_origin_name_the_place_the_user_wrote() {
    JsonInput in = JsonInput.parse("plan.json", PLAN, false);
    assertThat(in.bad("/spec/concurrency", "too   high")).hasMessage("plan.json:4:20: too high");
    assertThat(in.origin("/spec").name("concurrency"))
        .isEqualTo("plan.json:4:20: spec.concurrency");
  }

  @Test
  void yaml_is_read_with_its_places_too() {
    String yaml = "spec:\n  concurrency: 3\n";
    assertThat(JsonInput.isYaml("x.yml", yaml)).isTrue();
    assertThat(JsonInput.isYaml("stored", yaml)).isTrue();
    assertThat(JsonInput.isYaml("stored", PLAN)).isFalse();
    assertThat(JsonInput.isYaml("x.json", yaml)).isFalse();
    JsonInput in = JsonInput.parse("x.yml", yaml, true);
    assertThat(in.root().path("spec").path("concurrency").asInt()).isEqualTo(3);
    assertThat(in.valueAt("/spec/concurrency")[0]).isEqualTo(2);
  }

  @Test
  void broken_or_empty_documents_are_bad_input_at_the_place_of_the_problem() {
    assertThatThrownBy(() -> JsonInput.parse("p.json", "{\n  \"a\": ,\n}", false))
        .isInstanceOf(AurumException.BadInput.class)
        .hasMessageStartingWith("p.json:2:")
        .hasMessageContaining("not valid JSON");
    assertThatThrownBy(() -> JsonInput.parse("p.json", "", false))
        .isInstanceOf(AurumException.BadInput.class)
        .hasMessage("p.json:1:1: the file is empty");
  }

  @Test
  void a_missing_file_is_not_found() {
    assertThatThrownBy(() -> JsonInput.read(dir.resolve("nope.json"), "plan file"))
        .isInstanceOf(AurumException.NotFound.class)
        .hasMessageContaining("plan file " + dir.resolve("nope.json") + " does not exist");
  }
}
