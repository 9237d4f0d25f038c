package io.aurum.core.analysis;

import io.aurum.core.model.OperationParams;

/** What an operation used (or was estimated to use): requests, bytes read, rows written, hours. */
public record Usage(long requests, long bytes, long records, double hours) {

  /** The figures stored with the spec at creation, or null when there are none. */
  public static Usage estimated(OperationParams.Estimate e) {
    if (e == null) {
      return null;
    }
    return new Usage(
        e.apiCalls() == null ? 0 : e.apiCalls(),
        e.bytes() == null ? 0 : e.bytes(),
        e.records() == null ? 0 : e.records(),
        e.durationSeconds() == null ? 0 : e.durationSeconds() / 3600);
  }
}
