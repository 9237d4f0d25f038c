package io.aurum.app.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.aurum.core.error.AurumException;

/** Typed fields of a JSON request body, each refused by its name with a one-line message. */
final class Fields {
  private Fields() {}

  static boolean bool(JsonNode body, String name) {
    JsonNode n = body.get(name);
    if (n == null || n.isNull()) {
      return false;
    }
    if (!n.isBoolean()) {
      throw new AurumException.BadInput(name + " is " + n + ", not true or false: send a boolean");
    }
    return n.booleanValue();
  }

  static String text(JsonNode body, String name) {
    JsonNode n = body.get(name);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isTextual() && !n.isNumber()) {
      throw new AurumException.BadInput(name + " is " + n + ", not a string: send a string");
    }
    return n.asText();
  }

  static Integer integer(JsonNode body, String name) {
    JsonNode n = body.get(name);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.canConvertToInt() || !n.isIntegralNumber()) {
      throw new AurumException.BadInput(name + " is " + n + ", not a whole number: send one");
    }
    return n.intValue();
  }

  static java.util.List<String> list(JsonNode body, String name) {
    JsonNode n = body.get(name);
    if (n == null || n.isNull()) {
      return null;
    }
    if (n.isTextual()) {
      return java.util.Arrays.stream(n.asText().split(",")).map(String::trim).toList();
    }
    if (!n.isArray()) {
      throw new AurumException.BadInput(name + " is " + n + ", not a list: send [\"a\", \"b\"]");
    }
    java.util.List<String> out = new java.util.ArrayList<>();
    n.forEach(e -> out.add(e.asText()));
    return out;
  }
}
