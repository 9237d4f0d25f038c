package io.aurum.core.model;

/** The parameters every kind has, and nothing else: ingestion, recovery. */
public record BasicParams(String quotaKey, OperationParams.Quality quality)
    implements OperationParams {
  public static final BasicParams NONE = new BasicParams(null, null);

  public BasicParams {
    quality = quality == null ? Quality.NONE : quality;
  }

  @Override
  public BasicParams withQuotaKey(String k) {
    return new BasicParams(k, quality);
  }

  @Override
  public BasicParams withQuality(Quality q) {
    return new BasicParams(quotaKey, q);
  }
}
