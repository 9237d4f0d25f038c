package io.aurum.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The schemas {@code emergency plan} and {@code recover} check the files they read against are core
 * resources; they must stay the documented ones in docs/schemas.
 */
class ReadBackSchemasTest {
  @Test
  void the_damage_report_and_recovery_plan_schemas_read_back_are_the_documented_ones()
      throws Exception {
    for (String name : new String[] {"damage-report", "recovery-plan"}) {
      Path doc = Path.of("..", "docs", "schemas", name + ".schema.json");
      Path resource =
          Path.of(
              "..",
              "aurum-core",
              "src",
              "main",
              "resources",
              "io",
              "aurum",
              "core",
              "request",
              "schemas",
              name + ".schema.json");
      assertThat(Files.readString(resource)).as(name).isEqualTo(Files.readString(doc));
    }
  }
}
