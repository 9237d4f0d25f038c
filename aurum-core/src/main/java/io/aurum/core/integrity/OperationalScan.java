package io.aurum.core.integrity;

import io.aurum.core.model.Operation;
import io.aurum.core.model.OperationState;
import io.aurum.core.model.PartitionVersion;
import io.aurum.core.model.SourceId;
import io.aurum.core.model.Task;
import io.aurum.core.model.TaskState;
import io.aurum.core.model.VersionState;
import io.aurum.core.port.AuditLog;
import io.aurum.core.port.IntegrityReader;
import io.aurum.core.port.Store;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The operational findings of {@code emergency assess}: failed, cancelled and stalled operations of
 * the source, unresolved conflicts (quarantined versions), staged data whose operation ended
 * without publishing it, open circuit breakers, and a broken audit chain. Reads only.
 */
public final class OperationalScan {
  private static final Set<OperationState> OPEN =
      EnumSet.of(OperationState.PLANNED, OperationState.RUNNING, OperationState.PAUSED);

  private final Store store;
  private final Duration stale;

  /** {@code stale}: a RUNNING operation without a heartbeat for longer is stalled. */
  public OperationalScan(Store store, Duration stale) {
    this.store = store;
    this.stale = stale;
  }

  public List<Finding> scan(SourceId source, Instant now) {
    List<Finding> out = new ArrayList<>();
    operations(source, now, out);
    IntegrityReader reader = store.integrity();
    List<PartitionVersion> versions = reader.versions(source);
    Set<String> open =
        store.operations().list(OPEN).stream().map(Operation::id).collect(Collectors.toSet());
    Map<String, List<LocalDate>> staged = new TreeMap<>();
    for (PartitionVersion v : versions) {
      if (v.state() == VersionState.QUARANTINED) {
        out.add(
            Finding.of(
                Kind.UNRESOLVED_CONFLICT,
                source,
                v.partition().dataset(),
                List.of(v.partition().period()),
                "version "
                    + v.id()
                    + " of operation "
                    + v.operationId()
                    + " is quarantined against the head",
                v.id(),
                null));
      } else if (v.state() == VersionState.STAGED && !open.contains(v.operationId())) {
        staged
            .computeIfAbsent(
                v.partition().dataset() + "\u0000" + v.operationId(), k -> new ArrayList<>())
            .add(v.partition().period());
      }
    }
    staged.forEach(
        (k, periods) -> {
          String[] parts = k.split("\u0000", 2);
          out.add(
              Finding.of(
                  Kind.STAGED_NOT_PUBLISHED,
                  source,
                  parts[0],
                  periods,
                  periods.size()
                      + " staged version(s) of operation "
                      + parts[1]
                      + ", which is no longer running",
                  null,
                  null));
        });
    for (IntegrityReader.OpenBreaker b : reader.openBreakers(source, now)) {
      out.add(
          Finding.of(
              Kind.BREAKER_OPEN,
              source,
              null,
              List.of(),
              "circuit breaker of key "
                  + b.keyId()
                  + " open until "
                  + b.until()
                  + ": "
                  + b.reason(),
              null,
              null));
    }
    auditBreak(store, source).ifPresent(out::add);
    return out;
  }

  /** A break of the audit chain that is not acknowledged, as a finding. */
  public static java.util.Optional<Finding> auditBreak(Store store, SourceId source) {
    AuditLog.Verification audit = store.audit().verify();
    if (audit.intact()) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(
        Finding.of(
            Kind.AUDIT_CHAIN_BREAK,
            source,
            null,
            List.of(),
            audit.problem()
                + " (first entry that does not verify: "
                + store.audit().firstBrokenEntry()
                + ")",
            null,
            null));
  }

  private void operations(SourceId source, Instant now, List<Finding> out) {
    Set<OperationState> states =
        EnumSet.of(OperationState.FAILED, OperationState.CANCELLED, OperationState.RUNNING);
    for (Operation op : store.operations().list(states)) {
      if (op.source() != source) {
        continue;
      }
      String dataset = op.spec().datasets().size() == 1 ? op.spec().datasets().get(0) : null;
      String range = op.spec().startDate() + ".." + op.spec().endDate();
      switch (op.state()) {
        case FAILED -> {
          List<LocalDate> failed = new ArrayList<>();
          for (Task t : store.tasks().list(op.id(), EnumSet.of(TaskState.FAILED))) {
            failed.add(t.partition().period());
          }
          out.add(
              Finding.of(
                  Kind.FAILED_OPERATION,
                  source,
                  dataset,
                  failed.stream().distinct().sorted().toList(),
                  op.type()
                      + " "
                      + op.id()
                      + " over "
                      + range
                      + " FAILED with "
                      + failed.size()
                      + " failed task(s): "
                      + op.lastError(),
                  null,
                  null));
        }
        case CANCELLED ->
            out.add(
                Finding.of(
                    Kind.CANCELLED_OPERATION,
                    source,
                    dataset,
                    List.of(),
                    op.type() + " " + op.id() + " over " + range + " was cancelled",
                    null,
                    null));
        default -> {
          Instant beat = op.runnerHeartbeatAt() == null ? op.updatedAt() : op.runnerHeartbeatAt();
          if (beat != null && beat.plus(stale).isBefore(now)) {
            out.add(
                Finding.of(
                    Kind.STALLED_OPERATION,
                    source,
                    dataset,
                    List.of(),
                    op.type()
                        + " "
                        + op.id()
                        + " over "
                        + range
                        + " is RUNNING without a heartbeat since "
                        + beat,
                    null,
                    null));
          }
        }
      }
    }
  }
}
