package io.aurum.app.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.aurum.core.error.AurumException;

/** Typed fields of a JSON request body, each refused by its name with a one-line message. */
final class Fields {
  private Fields() {}

  /**
   * Refuses a body with a field not in {@code known}, naming it and the fields {@code what} takes.
   */
  static void known(JsonNode body, java.util.Set<String> known, String what) {
    body.fieldNames()
        .forEachRemaining(
            f -> {
              if (!known.contains(f)) {
                throw new AurumException.BadInput(
                    "unknown field '"
                        + f
                        + "' in the "
                        + what
                        + " request: use "
                        + String.join(", ", new java.util.TreeSet<>(known)));
              }
            });
  }

  /** Refuses a body without every one of {@code names}: "a {@code what} needs a, b and c". */
  static void require(JsonNode body, String what, String... names) {
    for (String n : names) {
      JsonNode v = body.get(n);
      if (v == null || v.isNull()) {
        String all =
            names.length == 1
                ? names[0]
                : String.join(", ", java.util.Arrays.asList(names).subList(0, names.length - 1))
                    + " and "
                    + names[names.length - 1];
        throw new AurumException.BadInput("a " + what + " needs " + all);
      }
    }
  }

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
