package io.aurum.core.ops;

import io.aurum.core.model.OperationType;
import io.aurum.core.model.SourceId;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Operation ids as docs/architecture.md ("The model") gives them: {@code BACKFILL_20241231_EIA};
 * the store adds _2, _3.
 */
public final class OperationIds {
  private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

  private OperationIds() {}

  public static String of(OperationType type, LocalDate end, SourceId source) {
    return type.name() + "_" + DAY.format(end) + "_" + source.cliName().toUpperCase(Locale.ROOT);
  }

  /** A partial reprocess of hours: {@code PARTIAL_20241231_EIA_10-16}. */
  public static String partial(LocalDate day, SourceId source, int firstHour, int lastHour) {
    return of(OperationType.PARTIAL, day, source) + "_" + firstHour + "-" + lastHour;
  }
}
