package io.aurum.core.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aurum.core.error.AurumException;
import io.aurum.core.request.JsonInput;
import io.aurum.core.request.JsonSchemas;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads a file of the configuration directory and checks it against its JSON Schema ({@link
 * JsonSchemas}), so that every problem names the file, line and column ({@code FILE:LINE:COL: …},
 * exit 2). Stateless.
 */
public final class ConfigFiles {
  private static final ObjectMapper STRICT =
      new ObjectMapper()
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(JsonParser.Feature.ALLOW_COMMENTS);

  private ConfigFiles() {}

  /**
   * The file, checked against {@code schema} (a {@link JsonSchemas} name). A missing file is bad
   * input (exit 2): a configuration directory without it is broken, unlike a file named on the
   * command line.
   */
  public static JsonInput read(Path file, String schema) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new AurumException.BadInput(
          v ->
              "configuration file "
                  + file
                  + " is missing: restore it or point "
                  + v.name("config_dir")
                  + " at a directory that has it");
    } catch (IOException e) {
      throw new AurumException.BadInput(
          "cannot read configuration file " + file + ": " + e.getMessage());
    }
    return parse(file.toString(), text, schema);
  }

  /**
   * {@code text} of the configuration file {@code file}, checked against {@code schema}. A key
   * given twice in one object is refused at its second place: which one would win is a guess.
   */
  public static JsonInput parse(String file, String text, String schema) {
    JsonInput in = JsonInput.parse(file, text, false);
    try {
      STRICT.readTree(text);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      throw JsonInput.bad(
          file,
          at == null ? 0 : at.getLineNr(),
          at == null ? 0 : at.getColumnNr(),
          e.getOriginalMessage() + ": keep one of them");
    }
    return in.check(schema);
  }

  static AurumException bad(Path file, String what) {
    return new AurumException.BadInput("configuration file " + file + ": " + what);
  }

  /** The number at {@code pointer + "/" + field}, above 0; {@code where} names it in messages. */
  static double positiveNumber(JsonInput in, String pointer, String field, String where) {
    JsonNode v = in.root().at(pointer + "/" + field);
    if (!v.isNumber() || v.asDouble() <= 0) {
      throw in.bad(
          pointer + "/" + field,
          where
              + "."
              + field
              + " must be a number above 0, got "
              + (v.isMissingNode() ? "none" : v));
    }
    return v.asDouble();
  }

  /** The non-blank string at {@code pointer + "/" + field}. */
  static String text(JsonInput in, String pointer, String field, String where) {
    JsonNode v = in.root().at(pointer + "/" + field);
    if (!v.isTextual() || v.asText().isBlank()) {
      throw in.bad(pointer + "/" + field, where + "." + field + " must be a non-empty string");
    }
    return v.asText();
  }
}
