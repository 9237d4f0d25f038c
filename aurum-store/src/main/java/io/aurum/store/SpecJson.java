package io.aurum.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.aurum.core.model.OperationSpec;
import java.util.Map;

/** JSON for stored specs and for audit and outbox details. Thread-safe. */
final class SpecJson {
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private SpecJson() {}

  static String write(OperationSpec spec) {
    return writeValue(spec);
  }

  static OperationSpec read(String json) {
    try {
      return JSON.readValue(json, OperationSpec.class);
    } catch (JsonProcessingException e) {
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
