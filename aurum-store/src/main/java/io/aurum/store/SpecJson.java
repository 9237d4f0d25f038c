package io.aurum.store;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.aurum.core.model.BackfillParams;
import io.aurum.core.model.BasicParams;
import io.aurum.core.model.LegacyExtra;
import io.aurum.core.model.OperationParams;
import io.aurum.core.model.OperationSpec;
import io.aurum.core.model.OperationType;
import io.aurum.core.model.ReplayParams;
import io.aurum.core.model.ReprocessParams;
import io.aurum.core.model.RollbackParams;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * JSON for stored specs and for audit and outbox details. Thread-safe.
 *
 * <p>A spec is stored as its fields with its parameters versioned: {@code "params_version": 2,
 * "params": {"kind": "replay", …}}. A spec stored before (no {@code params_version}, version 1) has
 * its parameters as a string map {@code "extra"}, read through {@link LegacyExtra} by the
 * operation's type: such rows load as they are, nothing rewrites them.
 */
final class SpecJson {
  /** The version of the stored parameters' format this code writes. */
  static final int PARAMS_VERSION = 2;

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .addMixIn(OperationParams.class, Kinds.class);

  /** The parameters' kinds by name, as the {@code kind} field of {@code params}. */
  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
  @JsonSubTypes({
    @JsonSubTypes.Type(value = BackfillParams.class, name = "backfill"),
    @JsonSubTypes.Type(value = ReplayParams.class, name = "replay"),
    @JsonSubTypes.Type(value = ReprocessParams.class, name = "reprocess"),
    @JsonSubTypes.Type(value = RollbackParams.class, name = "rollback"),
    @JsonSubTypes.Type(value = BasicParams.class, name = "basic")
  })
  private interface Kinds {}

  private SpecJson() {}

  static String write(OperationSpec spec) {
    ObjectNode n = JSON.valueToTree(spec);
    JsonNode params = n.remove("params");
    n.put("params_version", PARAMS_VERSION);
    n.set("params", params);
    return writeValue(n);
  }

  /** The spec of an operation of {@code type} (the type names the kind of a version-1 spec). */
  static OperationSpec read(String json, OperationType type) {
    try {
      ObjectNode n = (ObjectNode) JSON.readTree(json);
      int version = n.path("params_version").asInt(1);
      OperationParams params;
      if (version == 1) {
        Map<String, String> extra = new LinkedHashMap<>();
        n.path("extra")
            .fields()
            .forEachRemaining(e -> extra.put(e.getKey(), e.getValue().asText()));
        params = LegacyExtra.read(type, extra);
      } else if (version == PARAMS_VERSION) {
        params = JSON.treeToValue(n.get("params"), OperationParams.class);
      } else {
        throw new IllegalStateException(
            "stored operation spec has params_version "
                + version
                + ", newer than this Aurum reads ("
                + PARAMS_VERSION
                + "): upgrade Aurum");
      }
      n.remove("extra");
      n.remove("params");
      n.remove("params_version");
      return JSON.treeToValue(n, OperationSpec.class).withParams(params);
    } catch (JsonProcessingException | ClassCastException e) {
      throw new IllegalStateException("stored operation spec is not valid JSON: " + e, e);
    }
  }

  /** A small JSON object for audit details and outbox payloads. */
  static String object(Map<String, ?> fields) {
    return writeValue(fields);
  }

  private static String writeValue(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write JSON: " + e.getMessage(), e);
    }
  }
}
