package io.aurum.core.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurum.core.error.AurumException;
import org.junit.jupiter.api.Test;

class JsonSchemasTest {

  @Test
  void the_schemas_are_draft_2020_12_resources() {
    for (String name :
        new String[] {
          JsonSchemas.PLAN,
          JsonSchemas.REPROCESS_CONFIG,
          JsonSchemas.TRANSFORM,
          // Built from docs/schemas (aurum-core/pom.xml): the documented schema is the one checked.
          JsonSchemas.DAMAGE_REPORT,
          JsonSchemas.RECOVERY_PLAN,
          JsonSchemas.CORRUPTION_REPORT
        }) {
      assertThat(JsonSchemas.tree(name).path("$schema").asText())
          .isEqualTo("https://json-schema.org/draft/2020-12/schema");
    }
  }

  @Test
  void a_document_that_keeps_to_its_schema_passes() {
    JsonInput in =
        JsonInput.parse(
            "t.json",
            "{\"name\": \"mw\", \"steps\": [{\"op\": \"rename\", \"from\": \"a\", \"to\": \"b\"}]}",
            false);
    assertThatCode(() -> in.check(JsonSchemas.TRANSFORM)).doesNotThrowAnyException();
  }

  @Test
  void an_unknown_key_is_reported_first_at_the_line_of_the_key() {
    String text =
        """
        {
          "steps": [
            {"op": "explode"},
            {"op": "rename", "form": "a"}
          ]
        }
        """;
    JsonInput in = JsonInput.parse("t.json", text, false);
    // The bad enum value comes first in the file, the misspelt key is what is reported.
    assertThatThrownBy(() -> in.check(JsonSchemas.TRANSFORM))
        .isInstanceOf(AurumException.BadInput.class)
        .hasMessageStartingWith("t.json:4:")
        .hasMessageContaining("form")
        .hasMessageContaining("(and 1 more problem(s))");
  }

  @Test
  void a_wrong_type_is_reported_at_its_value() {
    JsonInput in = JsonInput.parse("t.json", "{\n  \"name\": 7\n}", false);
    assertThatThrownBy(() -> in.check(JsonSchemas.TRANSFORM))
        .isInstanceOf(AurumException.BadInput.class)
        .hasMessageStartingWith("t.json:2:11:");
  }
}
