package io.aurum.app.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.aurum.core.error.AurumException;
import java.io.PrintWriter;
import java.util.Set;

/**
 * Checks {@code --format} before any work and prints JSON; {@code --output} files are {@link
 * OutputFile}s.
 */
final class Output {
  /** Records to JSON: snake_case names, ISO dates. */
  static final com.fasterxml.jackson.databind.ObjectMapper MAPPER =
      new com.fasterxml.jackson.databind.ObjectMapper()
          .registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
          .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(
              com.fasterxml.jackson.databind.SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
          .setPropertyNamingStrategy(
              com.fasterxml.jackson.databind.PropertyNamingStrategies.SNAKE_CASE)
          .enable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT);

  private Output() {}

  static com.fasterxml.jackson.databind.node.ObjectNode tree(Object value) {
    return MAPPER.valueToTree(value);
  }

  static String format(String format, Set<String> allowed) {
    String f = format == null ? "table" : format.trim().toLowerCase(java.util.Locale.ROOT);
    if (!allowed.contains(f)) {
      throw new AurumException.BadInput(
          "unknown --format '"
              + format
              + "': use "
              + String.join(" or ", new java.util.TreeSet<>(allowed)));
    }
    return f;
  }

  static void json(Object node, PrintWriter out) {
    try {
      out.println(MAPPER.writeValueAsString(node));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    out.flush();
  }
}
