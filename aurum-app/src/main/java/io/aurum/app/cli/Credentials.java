package io.aurum.app.cli;

import io.aurum.core.error.AurumException;
import io.aurum.core.model.SourceId;

/** Checks that a source's API key is set before a real (non-sandbox) run. Never prints a key. */
final class Credentials {
  private Credentials() {}

  /** The environment variable holding the source's key, or null when it needs none. */
  static String variable(SourceId source) {
    return switch (source) {
      case EIA -> "EIA_API_KEY";
      case FRED -> "FRED_API_KEY";
      case CPI -> "BLS_API_KEY";
      case NOAA -> "NOAA_TOKEN";
      case ISO -> null;
    };
  }

  static void require(SourceId source, boolean sandbox, CliContext cli) {
    String var = variable(source);
    if (sandbox || var == null || cli.env(var) != null) {
      return;
    }
    throw new AurumException.BadInput(
        var
            + " is not set: export your "
            + source.cliName()
            + " API key in "
            + var
            + " (see config/environment_template.env), or run against the sandbox with --sandbox");
  }
}
