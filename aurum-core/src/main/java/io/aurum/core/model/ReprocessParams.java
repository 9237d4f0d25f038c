package io.aurum.core.model;

/**
 * A partial reprocess's parameters: its scope's type ({@code time_window}, {@code time_range},
 * {@code datasets}, {@code failed_records}, {@code incremental}), the hours of a time window as
 * written (e.g. {@code 10-16}), the field an incremental reprocess compares, the quality below
 * which the run is rolled back (null: no rollback plan), and the transforms it runs.
 */
public record ReprocessParams(
    String quotaKey,
    OperationParams.Quality quality,
    String partialType,
    String hours,
    String incrementalField,
    Double rollbackBelow,
    OperationParams.Transforms transforms)
    implements OperationParams {

  public ReprocessParams {
    quality = quality == null ? Quality.NONE : quality;
    transforms = transforms == null ? Transforms.NONE : transforms;
  }

  @Override
  public ReprocessParams withQuotaKey(String k) {
    return new ReprocessParams(
        k, quality, partialType, hours, incrementalField, rollbackBelow, transforms);
  }

  @Override
  public ReprocessParams withQuality(Quality q) {
    return new ReprocessParams(
        quotaKey, q, partialType, hours, incrementalField, rollbackBelow, transforms);
  }
}
