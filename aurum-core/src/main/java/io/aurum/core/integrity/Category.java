package io.aurum.core.integrity;

import io.aurum.core.error.AurumException;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The families of findings. {@code schema}, {@code completeness} and {@code accuracy} are what
 * {@code --corruption-types} selects; checksums are governed by the scan depth and operational
 * findings belong to {@code emergency assess}.
 */
public enum Category {
  SCHEMA,
  COMPLETENESS,
  ACCURACY,
  CHECKSUM,
  OPERATIONAL;

  /** The selectable types, all by default. */
  public static final Set<Category> CORRUPTION_TYPES = EnumSet.of(SCHEMA, COMPLETENESS, ACCURACY);

  /** The categories of {@code --corruption-types} names; an unknown name is bad input. */
  public static Set<Category> parse(List<String> names) {
    if (names == null || names.isEmpty()) {
      return EnumSet.copyOf(CORRUPTION_TYPES);
    }
    Set<Category> out = EnumSet.noneOf(Category.class);
    for (String n : names) {
      String t = n.trim().toUpperCase(Locale.ROOT);
      Category c = null;
      for (Category x : CORRUPTION_TYPES) {
        c = x.name().equals(t) ? x : c;
      }
      if (c == null) {
        throw new AurumException.BadInput(
            "unknown corruption type '" + n + "': use schema, completeness or accuracy");
      }
      out.add(c);
    }
    return out;
  }

  /** The lower-case name used in reports. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
