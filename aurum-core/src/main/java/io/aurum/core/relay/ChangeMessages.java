package io.aurum.core.relay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns outbox rows into the messages of docs/kafka.md. The rows keep the meaning their writers
 * gave them (GroupCommit for publish and quarantine, JdbcRollbacks, JdbcPartitionRollbacks,
 * JdbcIsolations); this only reads them. A partition rollback moves several heads and becomes one
 * message per partition. Thread-safe.
 */
public final class ChangeMessages {
  /** The value's format version ({@code "format"} in the JSON). */
  public static final int FORMAT = 1;

  /** Source and key of a row that names neither (never written by Aurum; kept, not dropped). */
  public static final String UNKNOWN = "unknown";

  private static final ObjectMapper JSON = new ObjectMapper();

  private ChangeMessages() {}

  /** The messages of one row, in the order a consumer must see them. */
  public static List<ChangeMessage> of(Outbox.Row row) {
    JsonNode change;
    try {
      change = JSON.readTree(row.payload());
    } catch (JsonProcessingException e) {
      change = null;
    }
    if (change == null || !change.isObject()) {
      return List.of(message(row, null, other(row), ChangeMessage.OTHER, null, raw(row)));
    }
    List<ChangeMessage> out = new ArrayList<>(1);
    if (change.has("moves")) {
      for (JsonNode move : change.path("moves")) {
        out.add(
            message(
                row, move.path("partition").asText(), null, ChangeMessage.ROLLBACK, null, change));
      }
      return out;
    }
    if (change.has("rolledBack")) {
      String source = row.source() == null ? UNKNOWN : row.source();
      return List.of(message(row, null, source, ChangeMessage.ROLLBACK, null, change));
    }
    String partition = change.path("partition").asText(null);
    if (partition == null) {
      return List.of(message(row, null, other(row), ChangeMessage.OTHER, null, change));
    }
    if (change.has("isolation")) {
      boolean released = change.has("outcome");
      JsonNode v = change.path(released ? "headVersionId" : "fromVersionId");
      return List.of(
          message(
              row,
              partition,
              null,
              released ? ChangeMessage.RELEASE : ChangeMessage.ISOLATE,
              v.isIntegralNumber() ? v.asLong() : null,
              change));
    }
    JsonNode v = change.path("versionId");
    String kind = change.has("reason") ? ChangeMessage.QUARANTINE : ChangeMessage.PUBLISH;
    return List.of(
        message(row, partition, null, kind, v.isIntegralNumber() ? v.asLong() : null, change));
  }

  /** The topic of a source: {@code <prefix>.<source>.changes}. */
  public static String topic(String prefix, String source) {
    return prefix + "." + source + ".changes";
  }

  private static String other(Outbox.Row row) {
    return row.source() == null ? UNKNOWN : row.source();
  }

  private static JsonNode raw(Outbox.Row row) {
    return JSON.createObjectNode().put("raw", row.payload());
  }

  /**
   * {@code partition} "source/dataset/period" gives source, dataset and period; without one, {@code
   * sourceOnly} is the source and the key.
   */
  private static ChangeMessage message(
      Outbox.Row row,
      String partition,
      String sourceOnly,
      String kind,
      Long versionId,
      JsonNode change) {
    String source;
    String dataset = null;
    String period = null;
    String key;
    int first = partition == null ? -1 : partition.indexOf('/');
    int last = partition == null ? -1 : partition.lastIndexOf('/');
    if (first > 0 && last > first) {
      source = partition.substring(0, first);
      dataset = partition.substring(first + 1, last);
      period = partition.substring(last + 1);
      key = partition;
    } else {
      source = sourceOnly != null ? sourceOnly : partition;
      key = source;
    }
    ObjectNode value = JSON.createObjectNode();
    value.put("format", FORMAT);
    value.put("outboxId", row.id());
    value.put("at", row.at().toString());
    value.put("kind", kind);
    value.put("source", source);
    value.put("dataset", dataset);
    value.put("period", period);
    if (versionId == null) {
      value.putNull("versionId");
    } else {
      value.put("versionId", versionId);
    }
    value.set("change", change);
    return new ChangeMessage(row.id(), source, key, kind, versionId, value.toString());
  }
}
