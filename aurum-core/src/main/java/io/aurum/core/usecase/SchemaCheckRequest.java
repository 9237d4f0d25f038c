package io.aurum.core.usecase;

import io.aurum.core.model.SourceId;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * A schema check as asked (runbook §3.5.2): the heads of a source's datasets (none: all) in an
 * inclusive date range whose version carries another schema version than {@code expected}. Run by
 * {@link Schemas#check}.
 */
public record SchemaCheckRequest(
    SourceId source, String expected, LocalDate start, LocalDate end, List<String> datasets) {

  public SchemaCheckRequest {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(expected, "expected");
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    datasets = datasets == null ? List.of() : List.copyOf(datasets);
  }
}
