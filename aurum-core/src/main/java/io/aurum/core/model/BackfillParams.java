package io.aurum.core.model;

/**
 * A backfill's parameters: the parallelism asked (null: the concurrency), the memory budget as the
 * user wrote it (e.g. {@code 64g}; null: none), the saved plan it was created from (an absolute
 * path, or null), and the estimate made at creation (null before).
 */
public record BackfillParams(
    String quotaKey,
    OperationParams.Quality quality,
    Integer parallelism,
    String memoryBudget,
    String planFile,
    OperationParams.Estimate estimate)
    implements OperationParams {
  public static final BackfillParams NONE = new BackfillParams(null, null, null, null, null, null);

  public BackfillParams {
    quality = quality == null ? Quality.NONE : quality;
  }

  @Override
  public BackfillParams withQuotaKey(String k) {
    return new BackfillParams(k, quality, parallelism, memoryBudget, planFile, estimate);
  }

  @Override
  public BackfillParams withQuality(Quality q) {
    return new BackfillParams(quotaKey, q, parallelism, memoryBudget, planFile, estimate);
  }

  public BackfillParams withParallelism(Integer p) {
    return new BackfillParams(quotaKey, quality, p, memoryBudget, planFile, estimate);
  }

  public BackfillParams withPlanFile(String path) {
    return new BackfillParams(quotaKey, quality, parallelism, memoryBudget, path, estimate);
  }

  public BackfillParams withEstimate(Estimate e) {
    return new BackfillParams(quotaKey, quality, parallelism, memoryBudget, planFile, e);
  }
}
