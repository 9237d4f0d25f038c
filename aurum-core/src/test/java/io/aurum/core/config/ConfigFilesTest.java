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
 * A file of the configuration directory is read and checked against its schema; a missing file, a
 * key given twice or a schema violation is bad input naming FILE:LINE:COL.
 */
class ConfigFilesTest {
  private static final Path REPO_CONFIG = Path.of("..", "config").toAbsolutePath().normalize();

  @TempDir Path dir;

  @Test
  void a_file_of_the_shipped_config_dir_reads_and_passes_its_schema() {
    JsonInput in =
        ConfigFiles.read(
            REPO_CONFIG.resolve(OperationDefaults.FILE), JsonSchemas.OPERATION_DEFAULTS);
    assertThat(in.root().has("backfill")).isTrue();
  }

  @Test
  void comments_are_allowed() throws Exception {
    Path f = dir.resolve(OperationDefaults.FILE);
    Files.writeString(
        f, "{\n  // tuned for the night window\n  \"backfill\": {\"concurrency\": 2}\n}\n");
    JsonInput in = ConfigFiles.read(f, JsonSchemas.OPERATION_DEFAULTS);
    assertThat(in.root().at("/backfill/concurrency").asInt()).isEqualTo(2);
  }

  @Test
  void a_missing_file_is_bad_input_that_says_how_to_fix_it() {
    Path f = dir.resolve(OperationDefaults.FILE);
    assertThatThrownBy(() -> ConfigFiles.read(f, JsonSchemas.OPERATION_DEFAULTS))
        .isInstanceOf(AurumException.BadInput.class)
        .hasMessageContaining(f + " is missing")
        .hasMessageContaining("point config dir at a directory");
  }

  @Test
  void a_key_given_twice_is_refused_at_its_second_place() throws Exception {
    Path f = dir.resolve(OperationDefaults.FILE);
    Files.writeString(f, "{\n  \"backfill\": {\"concurrency\": 2},\n  \"backfill\": {}\n}\n");
    assertThatThrownBy(() -> ConfigFiles.read(f, JsonSchemas.OPERATION_DEFAULTS))
        .isInstanceOf(AurumException.BadInput.class)
        .hasMessageContaining(f + ":3:")
        .hasMessageContaining("backfill")
        .hasMessageContaining("keep one of them");
  }

  @Test
  void a_schema_violation_names_file_line_and_column() {
    assertThatThrownBy(
            () ->
                ConfigFiles.parse(
                    "defaults.json",
                    "{\n  \"replay\": {\"batch_size\": \"big\"}\n}\n",
                    JsonSchemas.OPERATION_DEFAULTS))
        .isInstanceOf(AurumException.BadInput.class)
        .hasMessageContaining(
            "defaults.json:2:28: replay.batch_size: string found, integer expected");
  }

  @Test
  void broken_json_names_its_place() {
    assertThatThrownBy(
            () ->
                ConfigFiles.parse(
                    "x.json", "{\n  \"backfill\": {,}\n}", JsonSchemas.OPERATION_DEFAULTS))
        .isInstanceOf(AurumException.BadInput.class)
        .hasMessageStartingWith("x.json:2:");
  }
}
