package io.aurum.core.model;

/**
 * A rollback's parameters: the operation it rolls back, how ({@code operation}, {@code partition},
 * …: the rollback type in lower case), and whether dependants were rolled back too.
 */
public record RollbackParams(
    String quotaKey,
    OperationParams.Quality quality,
    String rolledBack,
    String rollbackType,
    boolean cascade)
    implements OperationParams {

  public RollbackParams {
    quality = quality == null ? Quality.NONE : quality;
  }

  @Override
  public RollbackParams withQuotaKey(String k) {
    return new RollbackParams(k, quality, rolledBack, rollbackType, cascade);
  }

  @Override
  public RollbackParams withQuality(Quality q) {
    return new RollbackParams(quotaKey, q, rolledBack, rollbackType, cascade);
  }
}
