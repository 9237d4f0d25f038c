package io.aurum.core.integrity;

import io.aurum.core.error.AurumException;
import java.util.Locale;

/**
 * How much a scan reads. QUICK: recently published and flagged partitions, no checksums. STANDARD:
 * every partition, checksums of a deterministic one-in-ten sample (and of flagged partitions).
 * FULL: every partition, every checksum recomputed.
 */
public enum ScanDepth {
  QUICK,
  STANDARD,
  FULL;

  /** The depth of a {@code --scan-depth} value; an unknown one is bad input. */
  public static ScanDepth parse(String s) {
    if (s == null) {
      return STANDARD;
    }
    for (ScanDepth d : values()) {
      if (d.name().equalsIgnoreCase(s.trim())) {
        return d;
      }
    }
    throw new AurumException.BadInput(
        v -> "unknown " + v.name("scan_depth") + " '" + s + "': use quick, standard, full");
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
