package io.aurum.app.cli;

import io.aurum.core.error.AurumException;
import io.aurum.core.model.Dataset;
import io.aurum.core.model.SourceId;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/** Checks that a source's API key is set before a real (non-sandbox) run. Never prints a key. */
final class Credentials {
  private Credentials() {}

  /**
   * The environment variable holding the source's key, or null when it needs none. For ISO this is
   * null: only its PJM datasets need a key (see {@link #variable(SourceId, Collection)}).
   */
  static String variable(SourceId source) {
    return variable(source, List.of());
  }

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
      case ISO -> datasets.stream().anyMatch(Credentials::isPjm) ? "PJM_API_KEY" : null;
    };
  }

  private static boolean isPjm(Dataset d) {
    return "pjm".equals(d.upstream().getOrDefault("market", "").toLowerCase(Locale.ROOT));
  }

  /**
   * A fingerprint of the source's key, naming its quota in the shared ledger (one quota per key);
   * never the key itself.
   */
  static String keyId(SourceId source, boolean sandbox, CliContext cli) {
    if (sandbox) {
      return "sandbox";
    }
    String var = source == SourceId.ISO ? "PJM_API_KEY" : variable(source);
    String key = var == null ? null : cli.env(var);
    if (key == null) {
      return "none";
    }
    byte[] d =
        io.aurum.core.model.Checksums.sha256()
            .digest(key.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return "key-" + java.util.HexFormat.of().formatHex(d).substring(0, 12);
  }

  /**
   * {@link #require(SourceId, Collection, boolean, CliContext)} without knowing the datasets: ISO
   * then needs no key (its PJM datasets are checked where the datasets are known).
   */
  static void require(SourceId source, boolean sandbox, CliContext cli) {
    require(source, List.of(), sandbox, cli);
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
