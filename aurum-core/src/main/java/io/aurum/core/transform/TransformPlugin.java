package io.aurum.core.transform;

import io.aurum.core.model.Dataset;
import io.aurum.core.model.Observation;
import io.aurum.core.model.PartitionKey;
import java.util.List;

/**
 * A transform or validation written in Java, found with {@link java.util.ServiceLoader} in the jars
 * of the plugins directory and named by {@code --custom-transform NAME} or {@code
 * --validation-script NAME}. Implementations must be thread-safe: tasks run in parallel.
 */
public interface TransformPlugin {

  /** The name users give on the command line; recorded in every row's provenance. */
  String name();

  /** Transforms the rows fetched for one partition or window (the default keeps them). */
  default List<Observation> apply(Dataset dataset, PartitionKey partition, List<Observation> rows) {
    return rows;
  }

  /** Share of rows that pass this plugin's validation, in [0, 1] (the default passes all). */
  default double passRatio(List<Observation> rows) {
    return 1.0;
  }
}
