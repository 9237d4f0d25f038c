package io.aurum.core.conflict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurum.core.conflict.Conflicts.Conflict;
import io.aurum.core.conflict.Conflicts.Difference;
import io.aurum.core.conflict.Conflicts.Overlap;
import io.aurum.core.conflict.Conflicts.Report;
import io.aurum.core.error.AurumException;
import io.aurum.core.model.Observation;
import io.aurum.core.model.PartitionKey;
import io.aurum.core.model.PartitionVersion;
import io.aurum.core.model.SourceId;
import io.aurum.core.model.VersionState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Conflicts}' parts without a store: {@link ObservationDiff} compares values, {@link
 * ConflictDetector#candidate} picks the version to compare with the head, and {@link ConflictFile}
 * writes a report that it reads back as entries. {@link ConflictDetector#detect} and {@link
 * ConflictResolver} run on real databases in the store's AnalysisContractTest.
 */
class ConflictsTest {
  static final Instant H0 = Instant.parse("2024-01-03T00:00:00Z");
  static final Instant H1 = H0.plusSeconds(3600);
  static final PartitionKey KEY =
      new PartitionKey(SourceId.EIA, "ELEC.DEMAND", LocalDate.of(2024, 1, 3));

  @TempDir Path tmp;

  static PartitionVersion version(long id, int no, VersionState state) {
    return new PartitionVersion(
        id, KEY, no, "OP" + id, null, state, 2, "c" + id, "1", 0.9, H0, null);
  }

  @Test
  void a_diff_lists_changed_added_and_removed_values_within_the_window() {
    List<Observation> head =
        List.of(new Observation("a", H0, 1, "MW"), new Observation("a", H1, 2, "MW"));
    List<Observation> cand =
        List.of(
            new Observation("a", H0, 1, "MW"),
            new Observation("a", H1, 3, "MW"),
            new Observation("b", H0, 5, "MW"));
    assertThat(ObservationDiff.diff(head, cand, null))
        .containsExactly(new Difference("a", H1, 2.0, 3.0), new Difference("b", H0, null, 5.0));
    assertThat(ObservationDiff.diff(head, cand, Set.of(H0)))
        .containsExactly(new Difference("b", H0, null, 5.0));
    // The same value in another unit differs too.
    assertThat(
            ObservationDiff.diff(
                List.of(new Observation("a", H0, 1, "MW")),
                List.of(new Observation("a", H0, 1, "GW")),
                null))
        .containsExactly(new Difference("a", H0, 1.0, 1.0));
  }

  @Test
  void the_candidate_is_the_latest_pending_version_or_else_the_one_the_head_replaced() {
    PartitionVersion v1 = version(1, 1, VersionState.SUPERSEDED);
    PartitionVersion v2 = version(2, 2, VersionState.PUBLISHED);
    PartitionVersion v3 = version(3, 3, VersionState.QUARANTINED);
    assertThat(ConflictDetector.candidate(List.of(v1, v2, v3), 2L)).contains(v3);
    assertThat(ConflictDetector.candidate(List.of(v1, v2), 2L)).contains(v1);
    assertThat(ConflictDetector.candidate(List.of(v2), 2L)).isEqualTo(Optional.empty());
  }

  @Test
  void a_written_conflict_file_reads_back_as_its_entries() throws Exception {
    PartitionVersion head = version(2, 2, VersionState.PUBLISHED);
    PartitionVersion cand = version(3, 3, VersionState.QUARANTINED);
    Report r =
        new Report(
            SourceId.EIA,
            KEY.period(),
            null,
            List.of(new Conflict(KEY, head, cand, List.of(new Difference("a", H0, 1.0, null)))),
            List.of(new Overlap(KEY, List.of("OP2", "OP3"), List.of())));
    assertThat(r.differences()).isEqualTo(1);
    Path file = tmp.resolve("conflicts.json");
    ConflictFile.write(r, file);
    assertThat(
            ConflictFile.toJson(r)
                .path("conflicts")
                .get(0)
                .path("candidate")
                .path("state")
                .asText())
        .isEqualTo("quarantined");
    assertThat(ConflictFile.read(file)).containsExactly(new ConflictFile.Entry(KEY, 2L, 3L));

    Files.writeString(file, "{\"conflicts\": [{\"source\": \"eia\"}]}");
    assertThatThrownBy(() -> ConflictFile.read(file))
        .isInstanceOf(AurumException.BadInput.class)
        .hasMessageContaining("conflicts[0]: missing \"dataset\"");
  }
}
