package io.aurum.app.cli;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parsers for dates and date ranges, with messages that say the expected form. */
public final class Converters {
  private Converters() {}

  /** {@code YYYY-MM-DD}. */
  public static final class Date implements ITypeConverter<LocalDate> {
    @Override
    public LocalDate convert(String value) {
      return parse(value);
    }
  }

  /** {@code YYYY-MM-DD:YYYY-MM-DD}, both inclusive. */
  public record DateRange(LocalDate start, LocalDate end) {}

  public static final class Range implements ITypeConverter<DateRange> {
    @Override
    public DateRange convert(String value) {
      String[] parts = value.split(":");
      if (parts.length != 2) {
        throw new TypeConversionException(
            "'" + value + "' is not a date range: use YYYY-MM-DD:YYYY-MM-DD");
      }
      DateRange r = new DateRange(parse(parts[0]), parse(parts[1]));
      if (r.end().isBefore(r.start())) {
        throw new TypeConversionException("'" + value + "' ends before it starts: swap the dates");
      }
      return r;
    }
  }

  static LocalDate parse(String value) {
    try {
      return LocalDate.parse(value.trim());
    } catch (DateTimeParseException e) {
      throw new TypeConversionException(
          "'" + value + "' is not a date: use YYYY-MM-DD, e.g. 2024-01-31");
    }
  }
}
