package io.aurum.app.cli;

import io.aurum.core.error.AurumException;
import io.aurum.core.model.OperationType;
import io.aurum.core.model.SourceId;
import java.util.Locale;
import picocli.CommandLine.Option;

/** {@code --source} and {@code --operation-type} of the {@code metrics} commands. */
public final class HistoryFilters {
  @Option(names = "--source", paramLabel = "SOURCE", description = "Only this source.")
  String source;

  @Option(
      names = "--operation-type",
      paramLabel = "TYPE",
      description =
          "Only operations of this type: backfill, replay, reprocess (or partial), ingest, rollback, recovery.")
  String operationType;

  /** The source asked for, null for all. */
  SourceId source() {
    return source == null ? null : SourceId.parse(source);
  }

  /** The operation type asked for, null for all; {@code reprocess} is {@code partial}. */
  OperationType type() {
    if (operationType == null) {
      return null;
    }
    String t = operationType.strip().toLowerCase(Locale.ROOT);
    if (t.equals("reprocess")) {
      return OperationType.PARTIAL;
    }
    for (OperationType o : OperationType.values()) {
      if (o.name().toLowerCase(Locale.ROOT).equals(t)) {
        return o;
      }
    }
    throw new AurumException.BadInput(
        "unknown --operation-type '"
            + operationType
            + "': use backfill, replay, reprocess (or partial), ingest, rollback or recovery");
  }
}
