package io.aurum.core.health;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aurum.core.config.AurumConfig;
import io.aurum.core.error.NextStep;
import io.aurum.core.error.Vocabulary;
import io.aurum.core.health.Finding.Severity;
import io.aurum.core.model.Operation;
import io.aurum.core.model.OperationState;
import io.aurum.core.model.Task;
import io.aurum.core.model.TaskState;
import io.aurum.core.port.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code aurum health system} (runbook §1.3.1): database reachable and migrated, disk and memory
 * headroom, running operations, stuck leases and dead runners, and the failure-log backlog. Reads
 * only. Thread-safe.
 */
public final class SystemHealth {
  /** Below this free share of disk or memory the check warns; below a tenth of it, it fails. */
  public static final double MIN_FREE_SHARE = 0.10;

  /** What the machine reports. */
  public record Machine(long freeDisk, long totalDisk, long freeMemory, long totalMemory) {}

  /** One check with its status and detail lines. */
  public record Check(String name, Severity status, String summary, List<String> details) {}

  public record Report(List<Check> checks) {
    public boolean healthy() {
      return checks.stream().noneMatch(c -> c.status() == Severity.ERROR);
    }
  }

  private final AurumConfig config;
  private final Vocabulary words;

  public SystemHealth(AurumConfig config) {
    this(config, Vocabulary.CONCEPTS);
  }

  /** Checks name their next steps in {@code words}: the commands of the command line, say. */
  public SystemHealth(AurumConfig config, Vocabulary words) {
    this.config = config;
    this.words = words;
  }

  /**
   * {@code store} is null when there is no database yet; {@code dbError} when it failed to open.
   */
  public Report check(
      Store store,
      String dbDescription,
      String dbError,
      Machine m,
      Path failureLogDir,
      Instant now) {
    List<Check> out = new ArrayList<>();
    if (dbError != null) {
      out.add(new Check("database", Severity.ERROR, "unreachable: " + dbError, List.of()));
    } else if (store == null) {
      out.add(
          new Check(
              "database",
              Severity.WARNING,
              "no database yet at " + dbDescription + " (the first operation creates it)",
              List.of()));
    } else {
      out.add(
          new Check(
              "database", Severity.INFO, "reachable and migrated: " + dbDescription, List.of()));
    }
    out.add(headroom("disk", m.freeDisk(), m.totalDisk()));
    // Free memory excludes the page cache, so it is often low on a healthy machine: warn only.
    Check memory = headroom("memory", m.freeMemory(), m.totalMemory());
    out.add(
        memory.status() == Severity.ERROR
            ? new Check("memory", Severity.WARNING, memory.summary(), memory.details())
            : memory);
    if (store != null && dbError == null) {
      operations(store, now, out);
    }
    out.add(failureLog(failureLogDir));
    return new Report(List.copyOf(out));
  }

  private static Check headroom(String what, long free, long total) {
    if (total <= 0) {
      return new Check(what, Severity.WARNING, "size unknown", List.of());
    }
    double share = (double) free / total;
    Severity s =
        share < MIN_FREE_SHARE / 10
            ? Severity.ERROR
            : share < MIN_FREE_SHARE ? Severity.WARNING : Severity.INFO;
    return new Check(
        what,
        s,
        String.format("%.1f%% free (%d MiB of %d MiB)", share * 100, free >> 20, total >> 20),
        List.of());
  }

  private void operations(Store store, Instant now, List<Check> out) {
    Set<OperationState> active =
        EnumSet.of(OperationState.RUNNING, OperationState.PAUSED, OperationState.PLANNED);
    List<Operation> ops = store.operations().list(active);
    Duration stale = config.defaults().engine().runnerStale();
    List<String> running = new ArrayList<>();
    List<String> stuck = new ArrayList<>();
    for (Operation op : ops) {
      running.add(op.id() + " " + op.state());
      if (op.state() == OperationState.RUNNING
          && (op.runnerHeartbeatAt() == null
              || op.runnerHeartbeatAt().isBefore(now.minus(stale)))) {
        stuck.add(
            op.id() + ": no runner heartbeat since " + op.runnerHeartbeatAt() + " (resume it)");
      }
      for (Task t : store.tasks().list(op.id(), Set.of(TaskState.RUNNING))) {
        if (t.leaseUntil() != null && t.leaseUntil().isBefore(now)) {
          stuck.add(
              op.id()
                  + " task "
                  + t.id()
                  + " ("
                  + t.partition()
                  + "): lease expired "
                  + t.leaseUntil());
        }
      }
    }
    out.add(
        new Check(
            "operations",
            Severity.INFO,
            ops.size() + " active operation(s)",
            List.copyOf(running)));
    out.add(
        new Check(
            "leases",
            stuck.isEmpty() ? Severity.INFO : Severity.WARNING,
            stuck.isEmpty() ? "no stuck leases or dead runners" : stuck.size() + " stuck",
            List.copyOf(stuck)));
  }

  private Check failureLog(Path dir) {
    if (dir == null || !Files.isDirectory(dir)) {
      return new Check("failure_log", Severity.INFO, "no failure log", List.of());
    }
    int entries = 0;
    List<String> files = new ArrayList<>();
    ObjectMapper json = new ObjectMapper();
    try (Stream<Path> s = Files.list(dir)) {
      for (Path f :
          s.filter(p -> p.getFileName().toString().startsWith("failed_records_"))
              .sorted()
              .toList()) {
        JsonNode n = json.readTree(f.toFile());
        int size = n != null && n.isArray() ? n.size() : 0;
        entries += size;
        files.add(f.getFileName() + ": " + size + " entries");
      }
    } catch (IOException e) {
      return new Check("failure_log", Severity.WARNING, "unreadable: " + e.getMessage(), List.of());
    }
    return new Check(
        "failure_log",
        entries == 0 ? Severity.INFO : Severity.WARNING,
        entries
            + " failed partition(s) waiting"
            + (entries == 0 ? "" : ": " + words.step(NextStep.reprocessFailureLog())),
        List.copyOf(files));
  }
}
