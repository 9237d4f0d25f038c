package io.aurum.app.cli;

import io.aurum.core.error.AurumException;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * {@code --format}: each command names the formats that make sense for it (the default first) and
 * refuses others with one line (exit 2) before any work. Rendered by {@link Render} and {@link
 * Output}.
 */
public final class FormatOption {
  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      description =
          "table, json, ndjson, csv or markdown, as the command offers (see docs/cli.md).")
  String format;

  /**
   * The chosen format, {@code offered[0]} by default; any other than {@code offered} is refused.
   */
  String of(String... offered) {
    String f = format == null ? offered[0] : format.trim().toLowerCase(Locale.ROOT);
    if (!List.of(offered).contains(f)) {
      String last = offered[offered.length - 1];
      String head = String.join(", ", List.of(offered).subList(0, offered.length - 1));
      throw new AurumException.BadInput(
          "unknown --format '" + format + "': use " + head + " or " + last);
    }
    return f;
  }
}
