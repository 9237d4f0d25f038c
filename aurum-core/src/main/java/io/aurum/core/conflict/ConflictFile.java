package io.aurum.core.conflict;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aurum.core.conflict.Conflicts.Conflict;
import io.aurum.core.conflict.Conflicts.Difference;
import io.aurum.core.conflict.Conflicts.Overlap;
import io.aurum.core.conflict.Conflicts.Report;
import io.aurum.core.error.AurumException;
import io.aurum.core.error.NextStep;
import io.aurum.core.model.PartitionKey;
import io.aurum.core.model.PartitionVersion;
import io.aurum.core.model.SourceId;
import io.aurum.core.request.JsonInput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Runbook §3.5.1: the conflict file, the report as JSON that {@code detect} writes and {@code
 * resolve} reads back (its entries: partition, head seen, candidate). Stateless; thread-safe.
 */
public final class ConflictFile {
  static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(JsonParser.Feature.ALLOW_COMMENTS)
          .enable(SerializationFeature.INDENT_OUTPUT);

  private ConflictFile() {}

  public static ObjectNode toJson(Report r) {
    ObjectNode root = JSON.createObjectNode();
    root.put("source", r.source().cliName());
    root.put("date", r.date().toString());
    if (r.hours() != null) {
      root.put("hours", r.hours());
    }
    root.put("conflict_count", r.conflicts().size());
    root.put("difference_count", r.differences());
    ArrayNode cs = root.putArray("conflicts");
    for (Conflict c : r.conflicts()) {
      ObjectNode n = cs.addObject();
      n.put("source", c.partition().source().cliName());
      n.put("dataset", c.partition().dataset());
      n.put("period", c.partition().period().toString());
      version(n.putObject("head"), c.head());
      version(n.putObject("candidate"), c.candidate());
      ArrayNode ds = n.putArray("differences");
      for (Difference d : c.differences()) {
        ObjectNode x = ds.addObject();
        x.put("series", d.series());
        x.put("period", d.period().toString());
        if (d.head() == null) {
          x.putNull("head_value");
        } else {
          x.put("head_value", d.head());
        }
        if (d.candidate() == null) {
          x.putNull("candidate_value");
        } else {
          x.put("candidate_value", d.candidate());
        }
      }
    }
    ArrayNode os = root.putArray("overlapping_operations");
    for (Overlap o : r.overlaps()) {
      ObjectNode n = os.addObject();
      n.put("partition", o.partition().toString());
      o.wrote().forEach(n.putArray("wrote_versions")::add);
      o.pending().forEach(n.putArray("pending_tasks")::add);
    }
    return root;
  }

  private static void version(ObjectNode n, PartitionVersion v) {
    if (v == null) {
      n.putNull("version_id");
      return;
    }
    n.put("version_id", v.id());
    n.put("version_no", v.versionNo());
    n.put("state", v.state().name().toLowerCase(java.util.Locale.ROOT));
    n.put("operation_id", v.operationId());
    n.put("quality_score", v.qualityScore());
    n.put("checksum", v.checksum());
  }

  public static void write(Report r, Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      Path tmp = parent.resolve(file.getFileName() + ".tmp");
      JSON.writeValue(tmp.toFile(), toJson(r));
      Files.move(
          tmp,
          file,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the conflict file " + file, e);
    }
  }

  /** What the file asks to resolve: a partition, the head it saw and the candidate. */
  public record Entry(PartitionKey partition, Long headVersionId, long candidateVersionId) {}

  /** Reads a conflict file; a malformed one is exit 2 with {@code file:line:column}. */
  public static List<Entry> read(Path file) {
    JsonNode root =
        JsonInput.readWritten(file, JSON, "no conflict file " + file, NextStep.writeConflictFile());
    if (root == null || !root.path("conflicts").isArray()) {
      throw new AurumException.BadInput(
          v ->
              file
                  + ":1:1: expected a conflict file from "
                  + v.step(NextStep.writeConflictFile())
                  + " (no \"conflicts\" array)");
    }
    List<Entry> out = new ArrayList<>();
    int i = 0;
    for (JsonNode c : root.get("conflicts")) {
      try {
        PartitionKey key =
            new PartitionKey(
                SourceId.parse(c.path("source").asText()),
                require(c, "dataset").asText(),
                LocalDate.parse(require(c, "period").asText()));
        JsonNode head = c.path("head").path("version_id");
        JsonNode cand = require(c.path("candidate"), "version_id");
        out.add(new Entry(key, head.isNumber() ? head.asLong() : null, cand.asLong()));
      } catch (RuntimeException e) {
        throw new AurumException.BadInput(
            file + ": conflicts[" + i + "]: " + e.getMessage().replace('\n', ' '));
      }
      i++;
    }
    return out;
  }

  private static JsonNode require(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      throw new IllegalArgumentException("missing \"" + field + "\"");
    }
    return v;
  }
}
