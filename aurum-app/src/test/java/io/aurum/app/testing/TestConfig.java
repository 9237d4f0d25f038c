package io.aurum.app.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A configuration directory for tests: the repository's catalog and defaults, with quotas fast
 * enough for tests (EIA at any rate a test asks for; FRED, CPI, NOAA and ISO at 1,000/s) and short
 * engine timings.
 */
public final class TestConfig {
  /** The repository's config/ directory (tests run with the module as working directory). */
  public static final Path REPO_CONFIG = Path.of("..", "config").toAbsolutePath().normalize();

  private TestConfig() {}

  public static Path write(Path dir, double eiaPerSecond, int maxConcurrency) {
    try {
      Files.createDirectories(dir);
      for (String f : new String[] {"datasets.json", "environment_template.env"}) {
        Files.copy(REPO_CONFIG.resolve(f), dir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
      }
      String limit =
          "[{\"requests\": " + (long) Math.max(1, eiaPerSecond) + ", \"period\": \"PT1S\"}]";
      Files.writeString(
          dir.resolve("data_source_quotas.json"),
          """
          {"sources": {
            "eia":  {"limits": %s, "max_concurrency": %d, "reserved_share": 0.2, "typical_latency_ms": 5},
            "fred": {"limits": [{"requests": 1000, "period": "PT1S"}], "max_concurrency": 4, "typical_latency_ms": 5},
            "cpi":  {"limits": [{"requests": 1000, "period": "PT1S"}, {"requests": 500, "period": "P1D"}], "max_concurrency": 1, "typical_latency_ms": 5},
            "noaa": {"limits": [{"requests": 1000, "period": "PT1S"}], "max_concurrency": 4, "typical_latency_ms": 5},
            "iso":  {"limits": [{"requests": 1000, "period": "PT1S"}], "max_concurrency": 4, "typical_latency_ms": 5}
          }}
          """
              .formatted(limit, maxConcurrency));
      Files.writeString(
          dir.resolve("operation_defaults.json"),
          """
          {
            "backfill": {"concurrency": 3, "batch_size": 1000, "max_retries": 3, "retry_backoff_seconds": 0.01, "progress_interval_seconds": 300, "quality_threshold": 0.5, "conflict_strategy": "latest_wins"},
            "replay":   {"concurrency": 3, "batch_size": 1000, "max_retries": 3, "retry_backoff_seconds": 0.01, "progress_interval_seconds": 300, "quality_threshold": 0.9, "conflict_strategy": "latest_wins"},
            "partial":  {"concurrency": 2, "batch_size": 500,  "max_retries": 3, "retry_backoff_seconds": 0.01, "progress_interval_seconds": 60,  "quality_threshold": 0.9, "conflict_strategy": "latest_wins"},
            "engine":   {"lease_seconds": 30, "heartbeat_seconds": 1, "runner_stale_seconds": 3}
          }
          """);
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sets the runner lease of a configuration written by {@link #write}. */
  public static void runnerStaleSeconds(Path dir, int seconds) {
    Path f = dir.resolve("operation_defaults.json");
    try {
      String text = Files.readString(f);
      String next =
          text.replace("\"runner_stale_seconds\": 3", "\"runner_stale_seconds\": " + seconds);
      if (next.equals(text)) {
        throw new IllegalStateException("no runner_stale_seconds of 3 in " + f);
      }
      Files.writeString(f, next);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
