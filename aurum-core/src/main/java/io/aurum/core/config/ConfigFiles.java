package io.aurum.core.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aurum.core.error.AurumException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads configuration JSON with errors that name the file, line and column. */
final class ConfigFiles {
  static final ObjectMapper JSON = new ObjectMapper();

  private ConfigFiles() {}

  static JsonNode read(Path file) {
    try {
      return JSON.readTree(Files.readAllBytes(file));
    } catch (NoSuchFileException e) {
      throw new AurumException.BadInput(
          "configuration file "
              + file
              + " is missing: restore it or point --config-dir at a directory that has it");
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where =
          at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      throw new AurumException.BadInput(
          "configuration file "
              + file
              + " is not valid JSON"
              + where
              + ": "
              + e.getOriginalMessage());
    } catch (IOException e) {
      throw new AurumException.BadInput(
          "cannot read configuration file " + file + ": " + e.getMessage());
    }
  }

  static AurumException bad(Path file, String what) {
    return new AurumException.BadInput("configuration file " + file + ": " + what);
  }

  static double positiveNumber(Path file, JsonNode node, String field, String where) {
    JsonNode v = node.get(field);
    if (v == null || !v.isNumber() || v.asDouble() <= 0) {
      throw bad(file, where + "." + field + " must be a number above 0, got " + v);
    }
    return v.asDouble();
  }

  static String text(Path file, JsonNode node, String field, String where) {
    JsonNode v = node.get(field);
    if (v == null || !v.isTextual() || v.asText().isBlank()) {
      throw bad(file, where + "." + field + " must be a non-empty string");
    }
    return v.asText();
  }
}
