package io.aurum.core.transform;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aurum.core.model.Observation;
import java.io.IOException;
import java.util.Map;

/** Reading and writing an observation's attributes (a small JSON object). Stateless. */
public final class Attributes {
  static final ObjectMapper JSON = new ObjectMapper();

  private Attributes() {}

  public static ObjectNode read(Observation o) {
    if (o.attributes() == null || o.attributes().isBlank()) {
      return JSON.createObjectNode();
    }
    try {
      return (ObjectNode) JSON.readTree(o.attributes());
    } catch (IOException | ClassCastException e) {
      ObjectNode n = JSON.createObjectNode();
      n.put("raw_attributes", o.attributes());
      return n;
    }
  }

  public static Observation write(Observation o, ObjectNode attrs) {
    return new Observation(
        o.seriesId(), o.period(), o.value(), o.unit(), attrs.isEmpty() ? null : attrs.toString());
  }

  /** A copy of {@code o} with the entries added to its attributes. */
  public static Observation with(Observation o, Map<String, Object> entries) {
    ObjectNode n = read(o);
    entries.forEach((k, v) -> n.set(k, JSON.valueToTree(v)));
    return write(o, n);
  }
}
