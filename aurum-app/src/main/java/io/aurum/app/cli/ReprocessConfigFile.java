package io.aurum.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.aurum.core.request.JsonInput;
import io.aurum.core.request.JsonSchemas;
import io.aurum.core.request.Origin;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code aurum reprocess --config-file}: fills the options not given on the command line from the
 * file, checked against its JSON Schema first (unknown keys refused with their line). Values from
 * the file then pass the same rules as the flags, named by their place in the file.
 */
final class ReprocessConfigFile {
  /** Reprocess's flags: its concurrency is --max-concurrent, its retries --max-attempts. */
  static final Origin FLAGS =
      CliVocabulary.flags(
          Map.of("concurrency", "--max-concurrent", "max_retries", "--max-attempts"));

  private static final Map<String, String> KEYS =
      Map.of(
          "concurrency", "max_concurrent",
          "max_retries", "max_attempts",
          "conflict_strategy", "resolution_strategy");

  private ReprocessConfigFile() {}

  /** Fills unset options from {@code file}; the origin names each value where it came from. */
  static Origin apply(Path file, ReprocessScopeOptions scope, ReprocessTuningOptions t) {
    JsonInput in = JsonInput.read(file, "config file").check(JsonSchemas.REPROCESS_CONFIG);
    JsonNode n = in.root();
    Set<String> fromFile = new HashSet<>();
    if (scope.hours == null && n.has("hours")) {
      JsonNode h = n.get("hours");
      scope.hours = h.isArray() ? String.join(",", texts(h)) : h.asText();
    }
    if (scope.type == null && n.has("type")) {
      scope.type = n.get("type").asText();
    }
    if (t.maxConcurrent == null && n.has("max_concurrent")) {
      t.maxConcurrent = n.get("max_concurrent").asInt();
      fromFile.add("concurrency");
    }
    if (t.batchSize == null && n.has("batch_size")) {
      t.batchSize = n.get("batch_size").asInt();
      fromFile.add("batch_size");
    }
    if (t.maxAttempts == null && n.has("max_attempts")) {
      t.maxAttempts = n.get("max_attempts").asInt();
      fromFile.add("max_retries");
    }
    if (t.priority == null && n.has("priority")) {
      t.priority = n.get("priority").asText();
    }
    if (t.strategy == null && n.has("resolution_strategy")) {
      t.strategy = n.get("resolution_strategy").asText();
      fromFile.add("conflict_strategy");
    }
    if (t.threshold == null && n.has("validation_threshold")) {
      t.threshold = n.get("validation_threshold").asDouble();
      fromFile.add("validation_threshold");
    }
    if (scope.datasets.isEmpty() && n.has("datasets")) {
      scope.datasets = texts(n.get("datasets"));
    }
    Origin place = in.origin("");
    return field ->
        fromFile.contains(field) ? place.name(KEYS.getOrDefault(field, field)) : FLAGS.name(field);
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(x -> out.add(x.asText()));
    return out;
  }
}
