package io.aurum.core.quality;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aurum.core.error.AurumException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The named quality profiles of {@code quality_profiles.json}. A configuration directory without
 * the file gets the built-in {@code standard} and {@code enhanced_validation} profiles, which are
 * also what the repository's file says.
 */
public final class QualityProfiles {
  public static final String FILE = "quality_profiles.json";
  public static final String DEFAULT = "standard";

  private final Map<String, QualityProfile> byName;
  private final String defaultName;

  public QualityProfiles(Map<String, QualityProfile> byName, String defaultName) {
    this.byName = Map.copyOf(byName);
    this.defaultName = defaultName;
    if (!byName.containsKey(defaultName)) {
      throw new IllegalArgumentException("default profile " + defaultName + " is not defined");
    }
  }

  public static QualityProfiles builtIn() {
    return new QualityProfiles(
        Map.of(
            QualityProfile.STANDARD.name(),
            QualityProfile.STANDARD,
            QualityProfile.ENHANCED.name(),
            QualityProfile.ENHANCED),
        DEFAULT);
  }

  public static QualityProfiles load(Path configDir) {
    Path file = configDir.resolve(FILE);
    if (!Files.exists(file)) {
      return builtIn();
    }
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new AurumException.BadInput(
          "configuration file " + file + " is not valid JSON: " + e.getMessage());
    }
    JsonNode profiles = root.path("profiles");
    if (!profiles.isObject() || profiles.isEmpty()) {
      throw bad(file, "needs a non-empty \"profiles\" object keyed by profile name");
    }
    Map<String, QualityProfile> out = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = profiles.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode n = e.getValue();
      Map<QualityCheck, Double> weights = new EnumMap<>(QualityCheck.class);
      JsonNode checks = n.path("checks");
      if (!checks.isObject() || checks.isEmpty()) {
        throw bad(file, "profiles." + e.getKey() + ".checks must map check names to weights");
      }
      try {
        checks
            .fields()
            .forEachRemaining(
                c -> weights.put(QualityCheck.parse(c.getKey()), c.getValue().asDouble(1.0)));
        out.put(
            e.getKey(),
            new QualityProfile(
                e.getKey(),
                weights,
                n.path("threshold").asDouble(0.5),
                n.hasNonNull("drift_tolerance") ? n.get("drift_tolerance").asDouble() : null,
                n.path("max_findings_per_check").asInt(QualityProfile.DEFAULT_MAX_FINDINGS)));
      } catch (IllegalArgumentException | AurumException ex) {
        throw bad(file, "profiles." + e.getKey() + ": " + ex.getMessage());
      }
    }
    String def = root.path("default_profile").asText(DEFAULT);
    if (!out.containsKey(def)) {
      throw bad(file, "default_profile '" + def + "' is not one of the profiles");
    }
    return new QualityProfiles(out, def);
  }

  private static AurumException bad(Path file, String what) {
    return new AurumException.BadInput("configuration file " + file + ": " + what);
  }

  /** The named profile (the default when null); an unknown name is bad input. */
  public QualityProfile get(String name) {
    QualityProfile p = byName.get(name == null ? defaultName : name);
    if (p == null) {
      throw new AurumException.BadInput(
          "unknown quality profile '"
              + name
              + "': use one of "
              + String.join(", ", new java.util.TreeSet<>(byName.keySet()))
              + " (from "
              + FILE
              + ")");
    }
    return p;
  }

  public QualityProfile defaultProfile() {
    return byName.get(defaultName);
  }

  public Map<String, QualityProfile> all() {
    return byName;
  }
}
