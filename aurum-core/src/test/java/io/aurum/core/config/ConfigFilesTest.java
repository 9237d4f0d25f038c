package io.aurum.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurum.core.error.AurumException;
import io.aurum.core.request.JsonInput;
import io.aurum.core.request.JsonSchemas;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A configuration file is read strictly: missing, unreadable, duplicated keys and schema failures
 * are bad input naming the file (and the line and column where there is one); comments and a valid
 * file pass.
 */
class ConfigFilesTest {
  @TempDir Path dir;

  @Test
  void a_valid_file_with_comments_is_read_and_checked() throws Exception {
    Path f = dir.resolve(OperationDefaults.FILE);
    Files.writeString(
        f, "{\n  // tuned for the night run\n  \"backfill\": {\"concurrency\": 4}\n}\n");

    JsonInput in = ConfigFiles.read(f, JsonSchemas.OPERATION_DEFAULTS);

    assertThat(in.root().at("/backfill/concurrency").asInt()).isEqualTo(4);
  }

  @Test
  void a_missing_file_names_itself_and_what_to_do() {
    Path f = dir.resolve("datasets.json");

    assertThatThrownBy(() -> ConfigFiles.read(f, JsonSchemas.DATASETS))
        .isInstanceOf(AurumException.BadInput.class)
        .hasMessageContaining(f.toString())
        .hasMessageContaining("is missing: restore it");
  }

  @Test
  void a_key_given_twice_is_refused_at_its_second_place() {
    String text =
        "{\n  \"backfill\": {\"concurrency\": 4},\n  \"backfill\": {\"concurrency\": 8}\n}";

    assertThatThrownBy(
            () -> ConfigFiles.parse("defaults.json", text, JsonSchemas.OPERATION_DEFAULTS))
        .isInstanceOf(AurumException.BadInput.class)
        .hasMessageStartingWith("defaults.json:3:")
        .hasMessageContaining("'backfill'")
        .hasMessageEndingWith("keep one of them");
  }

  @Test
  void a_schema_failure_gives_file_line_and_column() {
    String text = "{\n  \"replay\": {\"max_retries\": -1}\n}";

    assertThatThrownBy(
            () -> ConfigFiles.parse("defaults.json", text, JsonSchemas.OPERATION_DEFAULTS))
        .isInstanceOf(AurumException.BadInput.class)
        .hasMessageStartingWith("defaults.json:2:")
        .hasMessageContaining("replay.max_retries");
  }
}
