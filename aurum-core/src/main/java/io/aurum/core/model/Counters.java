package io.aurum.core.model;

/** Work done by a task or, summed over its tasks, by an operation. */
public record Counters(long records, long apiCalls, long bytes, long retries, long errors) {
  public static final Counters ZERO = new Counters(0, 0, 0, 0, 0);

  public Counters plus(Counters o) {
    return new Counters(
        records + o.records,
        apiCalls + o.apiCalls,
        bytes + o.bytes,
        retries + o.retries,
        errors + o.errors);
  }
}
