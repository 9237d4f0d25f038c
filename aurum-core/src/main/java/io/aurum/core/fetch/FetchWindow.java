package io.aurum.core.fetch;

import io.aurum.core.model.Dataset;
import io.aurum.core.model.PartitionKey;
import java.time.Instant;
import java.util.List;

/**
 * The unit of upstream work (docs/architecture.md, "Fetch windows"): partitions of one dataset (or
 * of datasets one request may combine, {@code dataset} being the first of them), in period order,
 * fetched by as few requests as the API allows, {@code requests} of them. The partitions need not
 * be contiguous: a window may span partitions it does not need (covered ones), whose rows are read
 * and dropped when that saves requests.
 */
public record FetchWindow(Dataset dataset, List<PartitionKey> partitions, int requests) {
  public FetchWindow {
    partitions = List.copyOf(partitions);
    if (partitions.isEmpty()) {
      throw new IllegalArgumentException("a fetch window holds at least one partition");
    }
  }

  public PartitionKey first() {
    return partitions.get(0);
  }

  public PartitionKey last() {
    return partitions.get(partitions.size() - 1);
  }

  /** First instant the window fetches (inclusive). */
  public Instant from() {
    return first().start(dataset);
  }

  /** First instant after the window (exclusive). */
  public Instant to() {
    return last().end(dataset);
  }
}
