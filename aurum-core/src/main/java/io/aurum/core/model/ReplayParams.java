package io.aurum.core.model;

import java.time.LocalDate;

/**
 * A replay's parameters: its kind ({@code schema_correction}, {@code quality_improvement}, {@code
 * algorithm_update}; null for a plain replay), the vintage date it replays as of (null: today's
 * values), and the transforms it runs.
 */
public record ReplayParams(
    String quotaKey,
    OperationParams.Quality quality,
    String replayType,
    LocalDate asOf,
    OperationParams.Transforms transforms)
    implements OperationParams {

  public ReplayParams {
    quality = quality == null ? Quality.NONE : quality;
    transforms = transforms == null ? Transforms.NONE : transforms;
  }

  @Override
  public ReplayParams withQuotaKey(String k) {
    return new ReplayParams(k, quality, replayType, asOf, transforms);
  }

  @Override
  public ReplayParams withQuality(Quality q) {
    return new ReplayParams(quotaKey, q, replayType, asOf, transforms);
  }
}
