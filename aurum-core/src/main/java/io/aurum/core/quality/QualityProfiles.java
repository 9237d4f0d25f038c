package io.aurum.core.quality;

import com.fasterxml.jackson.databind.JsonNode;
import io.aurum.core.config.ConfigFiles;
import io.aurum.core.error.AurumException;
import io.aurum.core.request.JsonInput;
import io.aurum.core.request.JsonSchemas;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The named quality profiles of {@code quality_profiles.json}. A configuration directory without
 * the file gets the built-in {@code standard} and {@code enhanced_validation} profiles, which are
 * also what the repository's file says. The file is checked against {@code
 * quality-profiles.schema.json}.
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
    JsonInput in = ConfigFiles.read(file, JsonSchemas.QUALITY_PROFILES);
    JsonNode root = in.root();
    Map<String, QualityProfile> out = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.get("profiles").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode n = e.getValue();
      String at = "/profiles/" + e.getKey().replace("~", "~0").replace("/", "~1");
      Map<QualityCheck, Double> weights = new EnumMap<>(QualityCheck.class);
      try {
        n.get("checks")
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
        throw in.bad(at, "profiles." + e.getKey() + ": " + ex.getMessage());
      }
    }
    String def = root.path("default_profile").asText(DEFAULT);
    if (!out.containsKey(def)) {
      throw in.bad(
          "/default_profile",
          "default_profile '"
              + def
              + "' is not one of the profiles: use one of "
              + String.join(", ", new java.util.TreeSet<>(out.keySet())));
    }
    return new QualityProfiles(out, def);
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
