package io.aurum.core.request;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code corruption isolate} validates reports against a copy of the documented schema. */
class CorruptionReportSchemaCopyTest {
  @Test
  void the_resource_is_the_documented_schema() throws Exception {
    String docs =
        Files.readString(Path.of("..", "docs", "schemas", "corruption-report.schema.json"));
    try (InputStream in =
        JsonSchemas.class.getResourceAsStream("schemas/corruption-report.schema.json")) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(docs);
    }
  }
}
