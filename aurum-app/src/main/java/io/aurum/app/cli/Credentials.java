package io.aurum.app.cli;

import io.aurum.core.error.AurumException;
import io.aurum.core.model.Dataset;
import io.aurum.core.model.SourceId;
import java.util.Collection;
import java.util.Locale;

/** Checks that a source's API key is set before a real (non-sandbox) run. Never prints a key. */
final class Credentials {
  private Credentials() {}

  /**
   * The environment variable holding the key the datasets need, or null when they need none: ISO
   * needs {@code PJM_API_KEY} only when a PJM dataset is among them (NYISO and CAISO are open).
   */
  static String variable(SourceId source, Collection<Dataset> datasets) {
    return switch (source) {
      case EIA -> "EIA_API_KEY";
      case FRED -> "FRED_API_KEY";
      case CPI -> "BLS_API_KEY";
      case NOAA -> "NOAA_TOKEN";
      case ISO ->
          datasets.stream()
                  .anyMatch(
                      d ->
                          "pjm"
                              .equals(
                                  d.upstream().getOrDefault("market", "").toLowerCase(Locale.ROOT)))
              ? "PJM_API_KEY"
              : null;
    };
  }

  static void require(
      SourceId source, Collection<Dataset> datasets, boolean sandbox, CliContext cli) {
    String var = variable(source, datasets);
    if (sandbox || var == null || cli.env(var) != null) {
      return;
    }
    throw new AurumException.BadInput(
        var
            + " is not set: export your "
            + (var.equals("PJM_API_KEY") ? "pjm" : source.cliName())
            + " API key in "
            + var
            + " (see config/environment_template.env), or run against the sandbox with --sandbox");
  }
}
