package io.aurum.core.usecase;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurum.core.integrity.VersionCheck;
import io.aurum.core.model.Checksums;
import io.aurum.core.model.Dataset;
import io.aurum.core.model.Observation;
import io.aurum.core.model.PartitionKey;
import io.aurum.core.model.PartitionVersion;
import io.aurum.core.model.SourceId;
import io.aurum.core.model.VersionState;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The planning choice of an emergency recovery: a damaged partition goes back to its last good
 * version when one is stored, and is replayed otherwise.
 */
class LastGoodVersionsTest {
  static final Dataset D = UseCaseFixtures.CONFIG.catalog().get(SourceId.EIA, "ELEC.DEMAND");
  static final LocalDate DAY1 = LocalDate.parse("2024-03-04");
  static final LocalDate DAY2 = LocalDate.parse("2024-03-05");
  static final LocalDate DAY3 = LocalDate.parse("2024-03-06");

  /** Versions and rows by partition, as a store would hold them. */
  final Map<LocalDate, List<PartitionVersion>> versions = new HashMap<>();

  final Map<LocalDate, PartitionVersion> heads = new HashMap<>();
  final Map<Long, List<Observation>> rows = new HashMap<>();
  long nextId = 1;

  final LastGoodVersions.Stored stored =
      new LastGoodVersions.Stored() {
        @Override
        public LastGoodVersions.History history(LocalDate day) {
          return new LastGoodVersions.History(
              heads.get(day), versions.getOrDefault(day, List.of()));
        }

        @Override
        public List<Observation> rows(long versionId) {
          return rows.getOrDefault(versionId, List.of());
        }
      };

  /** Every row the calendar expects of {@code day}, plausible values. */
  static List<Observation> complete(LocalDate day) {
    PartitionKey k = new PartitionKey(SourceId.EIA, D.name(), day);
    double value = Double.isFinite(D.maxValue()) ? (D.minValue() + D.maxValue()) / 2 : 1000;
    List<Observation> out = new ArrayList<>();
    for (String s : D.series()) {
      for (Instant t = k.start(D); t.isBefore(k.end(D)); t = t.plus(D.frequency().step())) {
        if (D.expects(s, t)) {
          out.add(new Observation(s, t, value, D.unit()));
        }
      }
    }
    return out;
  }

  /**
   * Stores a version of {@code day} holding {@code stored} rows, recorded with the checksum and
   * count of {@code recorded} (the same list: consistent; another: damaged behind its back). The
   * newest becomes the head; earlier ones are SUPERSEDED.
   */
  PartitionVersion version(LocalDate day, List<Observation> recorded, List<Observation> stored) {
    List<PartitionVersion> vs = versions.computeIfAbsent(day, k -> new ArrayList<>());
    if (!vs.isEmpty()) {
      PartitionVersion prev = vs.remove(vs.size() - 1);
      vs.add(with(prev, VersionState.SUPERSEDED));
    }
    PartitionVersion v =
        new PartitionVersion(
            nextId++,
            new PartitionKey(SourceId.EIA, D.name(), day),
            vs.size() + 1,
            "OP_" + vs.size(),
            null,
            VersionState.PUBLISHED,
            recorded.size(),
            Checksums.of(recorded),
            D.schemaVersion(),
            1.0,
            Instant.parse("2024-06-01T00:00:00Z"),
            null);
    vs.add(v);
    rows.put(v.id(), stored);
    heads.put(day, v);
    return v;
  }

  static PartitionVersion with(PartitionVersion v, VersionState s) {
    return new PartitionVersion(
        v.id(),
        v.partition(),
        v.versionNo(),
        v.operationId(),
        v.taskId(),
        s,
        v.recordCount(),
        v.checksum(),
        v.schemaVersion(),
        v.qualityScore(),
        v.createdAt(),
        v.attributesDigest());
  }

  static List<Observation> scaled(List<Observation> in, double factor) {
    return in.stream()
        .map(o -> new Observation(o.seriesId(), o.period(), o.value() * factor, o.unit()))
        .toList();
  }

  @Test
  void a_complete_day_verifies_clean_and_its_tampered_copy_does_not() {
    List<Observation> rows = complete(DAY1);
    PartitionVersion v = version(DAY1, rows, rows);
    assertThat(rows).hasSize(D.expectedRows(v.partition()));
    assertThat(VersionCheck.problems(D, v, rows)).isEmpty();
    assertThat(VersionCheck.problems(D, v, scaled(rows, 7)))
        .anyMatch(p -> p.startsWith("checksum"));
  }

  @Test
  void a_damaged_head_with_a_good_earlier_version_is_rolled_back_to_it() {
    List<Observation> rows = complete(DAY1);
    PartitionVersion good = version(DAY1, rows, rows);
    PartitionVersion head = version(DAY1, rows, scaled(rows, 7));

    LastGoodVersions.Choice c = LastGoodVersions.choose(D, List.of(DAY1), Set.of(DAY1), stored);

    assertThat(c.replays()).isEmpty();
    assertThat(c.rollbacks())
        .containsExactly(
            new RecoveryPlan.Move(D.name(), DAY1, head.id(), 2, good.id(), good.versionNo()));
  }

  @Test
  void the_newest_clean_version_is_the_last_good_one_and_damaged_earlier_ones_are_skipped() {
    List<Observation> rows = complete(DAY1);
    PartitionVersion oldest = version(DAY1, rows, rows);
    version(DAY1, rows, scaled(rows, 3)); // damaged too
    PartitionVersion head = version(DAY1, rows, scaled(rows, 7));

    LastGoodVersions.Choice c = LastGoodVersions.choose(D, List.of(DAY1), Set.of(DAY1), stored);

    assertThat(c.rollbacks())
        .singleElement()
        .extracting(RecoveryPlan.Move::toVersionId)
        .isEqualTo(oldest.id());
    assertThat(c.rollbacks().get(0).fromVersionId()).isEqualTo(head.id());
  }

  @Test
  void a_partition_without_a_good_earlier_version_is_replayed() {
    List<Observation> rows = complete(DAY1);
    version(DAY1, rows, scaled(rows, 7)); // its only version, damaged
    List<Observation> rows2 = complete(DAY2);
    version(DAY2, rows2, scaled(rows2, 5)); // an earlier version damaged as well
    version(DAY2, rows2, scaled(rows2, 7));

    LastGoodVersions.Choice c =
        LastGoodVersions.choose(D, List.of(DAY2, DAY1), Set.of(DAY1, DAY2), stored);

    assertThat(c.rollbacks()).isEmpty();
    assertThat(c.replays()).containsExactly(DAY1, DAY2);
  }

  @Test
  void a_partial_day_goes_back_to_an_earlier_complete_version_but_not_to_an_earlier_partial_one() {
    List<Observation> rows = complete(DAY1);
    PartitionVersion whole = version(DAY1, rows, rows);
    List<Observation> half = rows.subList(0, rows.size() / 2);
    version(DAY1, half, half); // consistent, but only half a day
    List<Observation> rows2 = complete(DAY2);
    List<Observation> half2 = rows2.subList(0, rows2.size() / 2);
    version(DAY2, half2, half2);
    version(DAY2, half2, half2.subList(0, 3));

    LastGoodVersions.Choice c =
        LastGoodVersions.choose(D, List.of(DAY1, DAY2), Set.of(DAY1, DAY2), stored);

    assertThat(c.rollbacks())
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.partition()).isEqualTo(DAY1);
              assertThat(m.toVersionId()).isEqualTo(whole.id());
            });
    assertThat(c.replays()).containsExactly(DAY2);
  }

  @Test
  void mixed_damage_rolls_back_what_it_can_and_replays_the_rest() {
    for (LocalDate day : List.of(DAY1, DAY2, DAY3)) {
      List<Observation> rows = complete(day);
      version(day, rows, rows);
      version(day, rows, scaled(rows, 7));
    }
    // DAY2's findings include one a rollback does not repair (say a missing partition or staged
    // leftovers): it is replayed even though a good version is stored.
    LastGoodVersions.Choice c =
        LastGoodVersions.choose(D, List.of(DAY3, DAY2, DAY1), Set.of(DAY1, DAY3), stored);

    assertThat(c.rollbacks()).extracting(RecoveryPlan.Move::partition).containsExactly(DAY1, DAY3);
    assertThat(c.replays()).containsExactly(DAY2);
  }
}
