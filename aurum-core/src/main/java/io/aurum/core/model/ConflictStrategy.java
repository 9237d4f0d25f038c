package io.aurum.core.model;

import io.aurum.core.error.AurumException;
import java.util.Locale;

/**
 * What a publish does when the head moved since its task was planned (docs/architecture.md, "The
 * publish decision").
 */
public enum ConflictStrategy {
  LATEST_WINS,
  KEEP_EXISTING,
  HIGHEST_QUALITY,
  MANUAL;

  public static ConflictStrategy parse(String text) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (RuntimeException e) {
      throw new AurumException.BadInput(
          "unknown resolution strategy '"
              + text
              + "': use latest_wins, keep_existing, highest_quality or manual");
    }
  }

  public String cliName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
