package io.aurum.core.usecase;

/**
 * How an operation may use the machine and the upstream, as asked; a null field takes the default
 * of {@code operation_defaults.json} for the operation type. {@code rateLimit} is {@code auto} (or
 * null) or requests per second as written; {@code memoryBudgetBytes} is the budget the tuning is
 * lowered to fit, with {@code memoryBudget} as the user wrote it (kept with the operation).
 */
public record Tuning(
    Integer concurrency,
    Integer batchSize,
    Integer maxRetries,
    String rateLimit,
    Double retryBackoffSeconds,
    Integer parallelism,
    Long memoryBudgetBytes,
    String memoryBudget) {

  /** Every field the default. */
  public static final Tuning DEFAULTS = new Tuning(null, null, null, null, null, null, null, null);

  public Tuning {
    if ((memoryBudgetBytes == null) != (memoryBudget == null)) {
      throw new IllegalArgumentException("a memory budget needs both its bytes and its text");
    }
  }
}
