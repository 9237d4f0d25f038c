package io.aurum.app.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.EnumFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.javalin.http.Context;

/** JSON in and out of the server: the command line's conventions (snake_case, ISO dates). */
final class Json {
  static final ObjectMapper MAPPER =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .configure(EnumFeature.WRITE_ENUMS_TO_LOWERCASE, true);

  private Json() {}

  /** Answers {@code value} (a tree, a record, or JSON text already made) as application/json. */
  static void answer(Context ctx, Object value) {
    String text;
    try {
      text = value instanceof String s ? s : MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    ctx.contentType("application/json").result(text);
  }

  /** The request's body as a JSON object; an empty body is an empty object. */
  static JsonNode body(Context ctx) {
    String b = ctx.body();
    if (b == null || b.isBlank()) {
      return MAPPER.createObjectNode();
    }
    try {
      JsonNode n = MAPPER.readTree(b);
      if (n == null || !n.isObject()) {
        throw HttpProblem.badBody("the request body is not a JSON object: send {\"field\": …}");
      }
      return n;
    } catch (JsonProcessingException e) {
      throw HttpProblem.badBody(
          "the request body is not JSON (line "
              + e.getLocation().getLineNr()
              + ", column "
              + e.getLocation().getColumnNr()
              + "): send a JSON object");
    }
  }
}
