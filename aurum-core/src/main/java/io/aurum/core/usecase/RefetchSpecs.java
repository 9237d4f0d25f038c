package io.aurum.core.usecase;

import io.aurum.core.config.OperationDefaults;
import io.aurum.core.model.Dataset;
import io.aurum.core.model.OperationParams;
import io.aurum.core.model.OperationSpec;
import io.aurum.core.model.SourceId;
import io.aurum.core.request.RequestRules;
import java.time.LocalDate;
import java.util.List;

/**
 * The spec of an operation that refetches partitions whether covered or not (a replay, a partial
 * reprocess): no rate limit, the retry backoff of the type's defaults, forced; its derived fields
 * computed.
 */
final class RefetchSpecs {
  private RefetchSpecs() {}

  static OperationSpec of(
      SourceId src,
      LocalDate first,
      LocalDate last,
      List<Dataset> selected,
      int concurrency,
      int batchSize,
      int maxRetries,
      OperationDefaults.TypeDefaults d,
      String strategy,
      OperationParams params,
      RequestRules.Derivation derivation) {
    OperationSpec spec =
        new OperationSpec(
            src,
            first,
            last,
            selected.stream().map(Dataset::name).toList(),
            concurrency,
            batchSize,
            maxRetries,
            null,
            d.retryBackoffSeconds(),
            true,
            strategy,
            params);
    return RequestRules.derive(spec, derivation);
  }
}
