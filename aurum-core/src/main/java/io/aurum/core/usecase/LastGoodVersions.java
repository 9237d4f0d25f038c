package io.aurum.core.usecase;

import io.aurum.core.integrity.VersionCheck;
import io.aurum.core.model.Dataset;
import io.aurum.core.model.Observation;
import io.aurum.core.model.PartitionKey;
import io.aurum.core.model.PartitionVersion;
import io.aurum.core.model.VersionState;
import io.aurum.core.port.Store;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which damaged partitions an emergency recovery rolls back instead of re-fetching. Quota is the
 * scarce resource: a re-fetch costs upstream requests, moving a head back to an earlier version
 * that is still good costs none. A partition whose damage is in its head version itself ({@link
 * VersionCheck#VERSION_DAMAGE}: checksum, row count, schema, units, partial day, non-finite or
 * out-of-bounds values) goes back to its last good version: the newest version older than the head
 * that was a head once (SUPERSEDED) and verifies clean ({@link VersionCheck}), completeness
 * included, so a partial day goes back only to a version that held the whole day. Every other
 * damaged partition (no head, a missing version, no good earlier version) is replayed. Reads only;
 * thread-safe.
 */
final class LastGoodVersions {
  /** A partition's head version (null: none, or its version is missing) and all its versions. */
  record History(PartitionVersion head, List<PartitionVersion> versions) {}

  /** What is stored of one dataset's partitions. */
  interface Stored {
    History history(LocalDate day);

    List<Observation> rows(long versionId);
  }

  /** The partitions rolled back (one move each) and those replayed, in day order. */
  record Choice(List<RecoveryPlan.Move> rollbacks, List<LocalDate> replays) {}

  private LastGoodVersions() {}

  /**
   * Splits {@code days} of dataset {@code d}: those in {@code rollbackable} (their findings are all
   * version damage) with a last good version are rolled back, the rest replayed.
   */
  static Choice choose(
      Dataset d, Collection<LocalDate> days, Set<LocalDate> rollbackable, Stored stored) {
    List<RecoveryPlan.Move> moves = new ArrayList<>();
    List<LocalDate> replays = new ArrayList<>();
    for (LocalDate day : days.stream().sorted().toList()) {
      History h = rollbackable.contains(day) ? stored.history(day) : null;
      Optional<PartitionVersion> good = h == null ? Optional.empty() : lastGood(d, h, stored);
      if (good.isPresent()) {
        moves.add(
            new RecoveryPlan.Move(
                d.name(),
                day,
                h.head().id(),
                h.head().versionNo(),
                good.get().id(),
                good.get().versionNo()));
      } else {
        replays.add(day);
      }
    }
    return new Choice(moves, replays);
  }

  /** The newest earlier superseded version that verifies clean, if any. */
  static Optional<PartitionVersion> lastGood(Dataset d, History h, Stored stored) {
    if (h.head() == null) {
      return Optional.empty();
    }
    return h.versions().stream()
        .filter(v -> v.state() == VersionState.SUPERSEDED)
        .filter(v -> v.versionNo() < h.head().versionNo())
        .sorted(Comparator.comparingInt(PartitionVersion::versionNo).reversed())
        .filter(v -> VersionCheck.problems(d, v, stored.rows(v.id())).isEmpty())
        .findFirst();
  }

  /** The plan's step that rolls these partitions of {@code dataset} back, after {@code deps}. */
  static RecoveryPlan.Step step(
      String id, String dataset, List<RecoveryPlan.Move> moves, List<String> deps) {
    List<LocalDate> days = moves.stream().map(RecoveryPlan.Move::partition).toList();
    return new RecoveryPlan.Step(
        id,
        RecoveryPlan.StepKind.ROLLBACK_PARTITIONS,
        List.of(dataset),
        days,
        days.get(0),
        days.get(days.size() - 1),
        null,
        "the head of each of these partitions is still the damaged version the plan moves it"
            + " from (or already the version it moves it to), each target version's rows still"
            + " hash to its checksum",
        deps,
        0L,
        0L,
        "every moved head is its target version and verifies clean (checksum recomputed from its"
            + " rows, schema, every expected row, plausible values)",
        "roll back to the last good version: "
            + moves.size()
            + " partition(s) of "
            + dataset
            + " whose head version is damaged and an earlier version verifies clean;"
            + " no upstream request",
        moves);
  }

  /** {@link Stored} read from {@code store}. */
  static Stored of(Store store, Dataset d) {
    return new Stored() {
      @Override
      public History history(LocalDate day) {
        PartitionKey k = new PartitionKey(d.source(), d.name(), day);
        PartitionVersion head =
            store
                .versions()
                .head(k)
                .flatMap(x -> store.versions().version(x.versionId()))
                .orElse(null);
        return new History(head, store.versions().versions(k));
      }

      @Override
      public List<Observation> rows(long versionId) {
        return store.versions().observations(versionId);
      }
    };
  }
}
