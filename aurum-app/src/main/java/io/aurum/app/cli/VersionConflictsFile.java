package io.aurum.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.aurum.core.error.AurumException;
import io.aurum.core.error.NextStep;
import io.aurum.core.model.PartitionKey;
import io.aurum.core.model.SourceId;
import io.aurum.core.request.JsonInput;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The version-conflicts file {@code aurum schema check --output} writes and {@code schema resolve}
 * reads: its source, the version it expected and the migration it recorded (null: none), and the
 * partitions in conflict.
 */
record VersionConflictsFile(
    SourceId source, String expectedVersion, Path migration, List<PartitionKey> partitions) {

  /** Reads {@code file}, naming a bad value by its place in it. */
  static VersionConflictsFile read(Path file) {
    JsonNode root = readJson(file);
    if (!root.path("conflicts").isArray() || !root.hasNonNull("source")) {
      throw new AurumException.BadInput(
          file + ":1:1: expected a file from aurum schema check --output (source, conflicts)");
    }
    SourceId src = SourceId.parse(root.get("source").asText());
    Path migration =
        root.hasNonNull("migration_script") ? Path.of(root.get("migration_script").asText()) : null;
    String version =
        root.hasNonNull("expected_version") ? root.get("expected_version").asText() : null;
    List<PartitionKey> keys = new ArrayList<>();
    int i = 0;
    for (JsonNode c : root.get("conflicts")) {
      try {
        keys.add(
            new PartitionKey(
                src, c.get("dataset").asText(), LocalDate.parse(c.get("period").asText())));
      } catch (RuntimeException e) {
        throw new AurumException.BadInput(
            file + ": conflicts[" + i + "]: needs dataset and period");
      }
      i++;
    }
    return new VersionConflictsFile(src, version, migration, keys);
  }

  private static JsonNode readJson(Path file) {
    JsonNode n =
        JsonInput.readWritten(
            file, Output.MAPPER, "no file " + file, NextStep.writeSchemaCheckFile());
    if (n == null || !n.isObject()) {
      throw new AurumException.BadInput(file + ":1:1: expected a JSON object");
    }
    return n;
  }
}
