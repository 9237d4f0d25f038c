package io.aurum.core.quality;

import io.aurum.core.error.AurumException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The dimensions of data quality the engine measures (runbook §1.6.2, §2.6.2). */
public enum QualityCheck {
  /** Rows present ÷ rows expected (series × periods) per partition or window. */
  COMPLETENESS,
  /** Values finite, within the dataset's plausible range, in the expected unit. */
  ACCURACY,
  /** No duplicate series+period, periods aligned to the frequency, known series, bounded drift. */
  CONSISTENCY,
  /** Age of the newest data against the dataset's publication lag. */
  TIMELINESS;

  public String cliName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static QualityCheck parse(String text) {
    for (QualityCheck c : values()) {
      if (c.cliName().equalsIgnoreCase(text.trim())) {
        return c;
      }
    }
    throw new AurumException.BadInput(
        "unknown quality check '"
            + text
            + "': use "
            + Arrays.stream(values()).map(QualityCheck::cliName).collect(Collectors.joining(", ")));
  }
}
