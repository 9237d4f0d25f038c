package io.aurum.core.config;

import com.fasterxml.jackson.databind.JsonNode;
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
          "configuration file "
              + file
              + " is missing: restore it or point --config-dir at a directory that has it");
    } catch (IOException e) {
      throw new AurumException.BadInput(
          "cannot read configuration file " + file + ": " + e.getMessage());
    }
    return JsonInput.parse(file.toString(), text, false).check(schema);
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
