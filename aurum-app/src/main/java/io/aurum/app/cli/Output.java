package io.aurum.app.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.PrintWriter;

/**
 * Prints JSON documents; rows go through {@link Render}, {@code --format} is checked by {@link
 * FormatOption}, and {@code --output} files are {@link OutputFile}s.
 */
final class Output {
  /**
   * Records to JSON: snake_case names, ISO dates, enum values in lower case ({@code eia}, {@code
   * missing}), as {@code --source} and the rows of ndjson and csv spell them.
   */
  static final com.fasterxml.jackson.databind.ObjectMapper MAPPER =
      new com.fasterxml.jackson.databind.ObjectMapper()
          .registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
          .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(
              com.fasterxml.jackson.databind.SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
          .setPropertyNamingStrategy(
              com.fasterxml.jackson.databind.PropertyNamingStrategies.SNAKE_CASE)
          .configure(com.fasterxml.jackson.databind.cfg.EnumFeature.WRITE_ENUMS_TO_LOWERCASE, true)
          .enable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT);

  private Output() {}

  /**
   * An enum value, or a state spelt like one ({@code WAITING_FOR_QUOTA}), as every format prints
   * it: lower case ({@code succeeded}, {@code waiting_for_quota}).
   */
  static String name(Object value) {
    return (value instanceof Enum<?> e ? e.name() : value.toString())
        .toLowerCase(java.util.Locale.ROOT);
  }

  static com.fasterxml.jackson.databind.node.ObjectNode tree(Object value) {
    return MAPPER.valueToTree(value);
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
