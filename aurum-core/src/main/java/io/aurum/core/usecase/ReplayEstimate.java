package io.aurum.core.usecase;

import io.aurum.core.error.AurumException;
import io.aurum.core.error.Vocabulary;
import io.aurum.core.estimate.Estimator;
import io.aurum.core.model.Operation;
import io.aurum.core.model.OperationType;
import io.aurum.core.model.SourceId;
import io.aurum.core.port.Store;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * What the estimator says a recovery step costs: an operation's resume, or the replay of some days
 * of one dataset, summed over its contiguous ranges as {@code aurum estimate replay} would give
 * them. Reads only; thread-safe when the store is.
 */
final class ReplayEstimate {
  private final Store store;
  private final Estimates estimates;

  ReplayEstimate(Store store, Estimates estimates) {
    this.store = store;
    this.estimates = estimates;
  }

  /** The estimated requests and seconds of re-fetching {@code days} of {@code dataset}. */
  long[] of(SourceId source, String dataset, List<LocalDate> days) {
    long requests = 0;
    long seconds = 0;
    for (LocalDate[] run : runs(days)) {
      Estimator.Estimate est =
          estimates
              .of(
                  OperationType.REPLAY,
                  source,
                  run[0],
                  run[1],
                  List.of(dataset),
                  Tuning.DEFAULTS,
                  Vocabulary.CONCEPTS,
                  store)
              .estimate();
      requests += est.apiCalls();
      seconds += est.duration().toSeconds();
    }
    return new long[] {requests, seconds};
  }

  /** The estimate of running {@code op} again as a {@code type}; null when none can be made. */
  Estimator.Estimate of(OperationType type, Operation op) {
    try {
      return estimates
          .of(
              type,
              op.source(),
              op.spec().startDate(),
              op.spec().endDate(),
              op.spec().datasets(),
              Tuning.DEFAULTS,
              Vocabulary.CONCEPTS,
              store)
          .estimate();
    } catch (AurumException e) {
      return null;
    }
  }

  /** Contiguous runs of days, each as {first, last}. */
  static List<LocalDate[]> runs(List<LocalDate> days) {
    List<LocalDate[]> out = new ArrayList<>();
    LocalDate start = null;
    LocalDate prev = null;
    for (LocalDate d : days) {
      if (start == null) {
        start = d;
      } else if (!d.equals(prev.plusDays(1))) {
        out.add(new LocalDate[] {start, prev});
        start = d;
      }
      prev = d;
    }
    if (start != null) {
      out.add(new LocalDate[] {start, prev});
    }
    return out;
  }
}
