package io.aurum.core.usecase;

import io.aurum.core.error.AurumException;
import io.aurum.core.model.PartitionKey;
import io.aurum.core.model.Priority;
import io.aurum.core.model.SourceId;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.TreeSet;

/**
 * What {@code corruption recover} is asked: the source, how to recover, and the inclusive range of
 * days it covers (both null: every day). Parsed and checked here, whatever the interface.
 */
public record CorruptionRecoverRequest(
    SourceId source, Method method, LocalDate from, LocalDate to) {

  /** How corrupted partitions are recovered. */
  public enum Method {
    /** Re-fetch only the corrupted partitions. */
    SELECTIVE_REPLAY,
    /** Move them to their last good version. */
    ROLLBACK,
    /** Re-fetch the whole range of their datasets. */
    REPROCESS;

    public String cliName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public CorruptionRecoverRequest {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(method, "method");
  }

  /** The request from its texts: a method name and {@code START:END} (null: every day). */
  public static CorruptionRecoverRequest parse(SourceId source, String method, String range) {
    Method parsed = null;
    for (Method m : Method.values()) {
      if (m.name().equalsIgnoreCase(method.trim())) {
        parsed = m;
      }
    }
    if (parsed == null) {
      throw new AurumException.BadInput(
          v ->
              "unknown "
                  + v.name("recovery_method")
                  + " '"
                  + method
                  + "': use selective_replay, rollback or reprocess");
    }
    if (range == null) {
      return new CorruptionRecoverRequest(source, parsed, null, null);
    }
    String[] parts = range.split(":", -1);
    if (parts.length != 2) {
      throw new AurumException.BadInput(
          v -> v.name("data_range") + " '" + range + "' is not START:END (YYYY-MM-DD:YYYY-MM-DD)");
    }
    LocalDate from = date(range, parts[0], "start");
    LocalDate to = date(range, parts[1], "end");
    if (to.isBefore(from)) {
      throw new AurumException.BadInput(
          v ->
              v.name("data_range")
                  + " '"
                  + range
                  + "': the end "
                  + to
                  + " is before the start "
                  + from);
    }
    return new CorruptionRecoverRequest(source, parsed, from, to);
  }

  private static LocalDate date(String range, String text, String which) {
    try {
      return LocalDate.parse(text.trim());
    } catch (DateTimeParseException e) {
      throw new AurumException.BadInput(
          v ->
              v.name("data_range")
                  + " '"
                  + range
                  + "': the "
                  + which
                  + " '"
                  + text
                  + "' is not YYYY-MM-DD");
    }
  }

  /** Whether the recovery re-fetches (a replay) rather than rolls back. */
  public boolean refetches() {
    return method != Method.ROLLBACK;
  }

  /** Whether the recovery re-fetches the whole requested range, not only the corrupted days. */
  public boolean reprocesses() {
    return method == Method.REPROCESS;
  }

  /** The reason audited: {@code given}, else one naming the method. */
  public String reasonOr(String given) {
    return given != null ? given : "corruption recover (" + method.cliName() + ")";
  }

  /**
   * The replay that re-fetches {@code corrupted}: their datasets over the days they span (a
   * reprocess: over the whole requested range), at high priority.
   */
  public ReplayRequest replayOf(List<PartitionKey> corrupted, String why) {
    LocalDate first = corrupted.stream().map(PartitionKey::period).min(LocalDate::compareTo).get();
    LocalDate last = corrupted.stream().map(PartitionKey::period).max(LocalDate::compareTo).get();
    boolean whole = reprocesses();
    return ReplayRequest.plain(
        source,
        whole && from != null ? from : first,
        whole && to != null ? to : last,
        List.copyOf(new TreeSet<>(corrupted.stream().map(PartitionKey::dataset).toList())),
        Priority.HIGH,
        why);
  }
}
