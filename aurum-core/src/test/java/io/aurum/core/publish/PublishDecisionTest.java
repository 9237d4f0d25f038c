package io.aurum.core.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurum.core.error.AurumException;
import io.aurum.core.model.ConflictStrategy;
import io.aurum.core.model.OperationState;
import io.aurum.core.model.OperationType;
import io.aurum.core.publish.PublishDecision.Candidate;
import io.aurum.core.publish.PublishDecision.Current;
import io.aurum.core.publish.PublishDecision.Decision;
import io.aurum.core.publish.PublishDecision.Quality;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The publish decision as tables: every combination of the head (none, the one planned against,
 * moved since), the strategy ({@code -}: none, the store's compare-and-set), the quality verdict
 * and the checksum; then the cases after a conflict and of conflict resolution the first table does
 * not reach; then rollback.
 */
class PublishDecisionTest {
  private static final String SUM = "sha-of-the-rows";

  /**
   * Planned against version 7 ({@code none}: against no head). The head is then none, still 7, or
   * moved to 8 (number 8, score 0.8). The candidate is new, scores 0.9 and hashes like the head or
   * not.
   */
  @ParameterizedTest(name = "head {0}, {1}, quality {2}, checksum {3} → {4}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          # head | strategy        | quality      | checksum  | decision
          none   | -               | PASSED       | identical | PUBLISH -
          none   | -               | PASSED       | different | PUBLISH -
          none   | -               | FAILED       | identical | HOLD quarantined
          none   | -               | FAILED       | different | HOLD quarantined
          none   | -               | NONE         | identical | PUBLISH -
          none   | -               | NONE         | different | PUBLISH -
          none   | -               | ALL_REJECTED | identical | HOLD nothing
          none   | -               | ALL_REJECTED | different | HOLD nothing
          none   | latest_wins     | PASSED       | identical | PUBLISH -
          none   | latest_wins     | PASSED       | different | PUBLISH -
          none   | latest_wins     | FAILED       | identical | HOLD quarantined
          none   | latest_wins     | FAILED       | different | HOLD quarantined
          none   | latest_wins     | NONE         | identical | PUBLISH -
          none   | latest_wins     | NONE         | different | PUBLISH -
          none   | latest_wins     | ALL_REJECTED | identical | HOLD nothing
          none   | latest_wins     | ALL_REJECTED | different | HOLD nothing
          none   | keep_existing   | PASSED       | identical | PUBLISH -
          none   | keep_existing   | PASSED       | different | PUBLISH -
          none   | keep_existing   | FAILED       | identical | HOLD quarantined
          none   | keep_existing   | FAILED       | different | HOLD quarantined
          none   | keep_existing   | NONE         | identical | PUBLISH -
          none   | keep_existing   | NONE         | different | PUBLISH -
          none   | keep_existing   | ALL_REJECTED | identical | HOLD nothing
          none   | keep_existing   | ALL_REJECTED | different | HOLD nothing
          none   | highest_quality | PASSED       | identical | PUBLISH -
          none   | highest_quality | PASSED       | different | PUBLISH -
          none   | highest_quality | FAILED       | identical | HOLD quarantined
          none   | highest_quality | FAILED       | different | HOLD quarantined
          none   | highest_quality | NONE         | identical | PUBLISH -
          none   | highest_quality | NONE         | different | PUBLISH -
          none   | highest_quality | ALL_REJECTED | identical | HOLD nothing
          none   | highest_quality | ALL_REJECTED | different | HOLD nothing
          none   | manual          | PASSED       | identical | PUBLISH -
          none   | manual          | PASSED       | different | PUBLISH -
          none   | manual          | FAILED       | identical | HOLD quarantined
          none   | manual          | FAILED       | different | HOLD quarantined
          none   | manual          | NONE         | identical | PUBLISH -
          none   | manual          | NONE         | different | PUBLISH -
          none   | manual          | ALL_REJECTED | identical | HOLD nothing
          none   | manual          | ALL_REJECTED | different | HOLD nothing
          same   | -               | PASSED       | identical | PUBLISH 7
          same   | -               | PASSED       | different | PUBLISH 7
          same   | -               | FAILED       | identical | HOLD quarantined
          same   | -               | FAILED       | different | HOLD quarantined
          same   | -               | NONE         | identical | PUBLISH 7
          same   | -               | NONE         | different | PUBLISH 7
          same   | -               | ALL_REJECTED | identical | HOLD nothing
          same   | -               | ALL_REJECTED | different | HOLD nothing
          same   | latest_wins     | PASSED       | identical | PUBLISH 7
          same   | latest_wins     | PASSED       | different | PUBLISH 7
          same   | latest_wins     | FAILED       | identical | HOLD quarantined
          same   | latest_wins     | FAILED       | different | HOLD quarantined
          same   | latest_wins     | NONE         | identical | PUBLISH 7
          same   | latest_wins     | NONE         | different | PUBLISH 7
          same   | latest_wins     | ALL_REJECTED | identical | HOLD nothing
          same   | latest_wins     | ALL_REJECTED | different | HOLD nothing
          same   | keep_existing   | PASSED       | identical | PUBLISH 7
          same   | keep_existing   | PASSED       | different | PUBLISH 7
          same   | keep_existing   | FAILED       | identical | HOLD quarantined
          same   | keep_existing   | FAILED       | different | HOLD quarantined
          same   | keep_existing   | NONE         | identical | PUBLISH 7
          same   | keep_existing   | NONE         | different | PUBLISH 7
          same   | keep_existing   | ALL_REJECTED | identical | HOLD nothing
          same   | keep_existing   | ALL_REJECTED | different | HOLD nothing
          same   | highest_quality | PASSED       | identical | PUBLISH 7
          same   | highest_quality | PASSED       | different | PUBLISH 7
          same   | highest_quality | FAILED       | identical | HOLD quarantined
          same   | highest_quality | FAILED       | different | HOLD quarantined
          same   | highest_quality | NONE         | identical | PUBLISH 7
          same   | highest_quality | NONE         | different | PUBLISH 7
          same   | highest_quality | ALL_REJECTED | identical | HOLD nothing
          same   | highest_quality | ALL_REJECTED | different | HOLD nothing
          same   | manual          | PASSED       | identical | PUBLISH 7
          same   | manual          | PASSED       | different | PUBLISH 7
          same   | manual          | FAILED       | identical | HOLD quarantined
          same   | manual          | FAILED       | different | HOLD quarantined
          same   | manual          | NONE         | identical | PUBLISH 7
          same   | manual          | NONE         | different | PUBLISH 7
          same   | manual          | ALL_REJECTED | identical | HOLD nothing
          same   | manual          | ALL_REJECTED | different | HOLD nothing
          moved  | -               | PASSED       | identical | HEAD_MOVED 8
          moved  | -               | PASSED       | different | HEAD_MOVED 8
          moved  | -               | FAILED       | identical | HOLD quarantined
          moved  | -               | FAILED       | different | HOLD quarantined
          moved  | -               | NONE         | identical | HEAD_MOVED 8
          moved  | -               | NONE         | different | HEAD_MOVED 8
          moved  | -               | ALL_REJECTED | identical | HOLD nothing
          moved  | -               | ALL_REJECTED | different | HOLD nothing
          moved  | latest_wins     | PASSED       | identical | PUBLISH 8
          moved  | latest_wins     | PASSED       | different | PUBLISH 8
          moved  | latest_wins     | FAILED       | identical | HOLD quarantined
          moved  | latest_wins     | FAILED       | different | HOLD quarantined
          moved  | latest_wins     | NONE         | identical | PUBLISH 8
          moved  | latest_wins     | NONE         | different | PUBLISH 8
          moved  | latest_wins     | ALL_REJECTED | identical | HOLD nothing
          moved  | latest_wins     | ALL_REJECTED | different | HOLD nothing
          moved  | keep_existing   | PASSED       | identical | KEEP_EXISTING 8
          moved  | keep_existing   | PASSED       | different | KEEP_EXISTING 8
          moved  | keep_existing   | FAILED       | identical | HOLD quarantined
          moved  | keep_existing   | FAILED       | different | HOLD quarantined
          moved  | keep_existing   | NONE         | identical | KEEP_EXISTING 8
          moved  | keep_existing   | NONE         | different | KEEP_EXISTING 8
          moved  | keep_existing   | ALL_REJECTED | identical | HOLD nothing
          moved  | keep_existing   | ALL_REJECTED | different | HOLD nothing
          moved  | highest_quality | PASSED       | identical | PUBLISH 8
          moved  | highest_quality | PASSED       | different | PUBLISH 8
          moved  | highest_quality | FAILED       | identical | HOLD quarantined
          moved  | highest_quality | FAILED       | different | HOLD quarantined
          moved  | highest_quality | NONE         | identical | PUBLISH 8
          moved  | highest_quality | NONE         | different | PUBLISH 8
          moved  | highest_quality | ALL_REJECTED | identical | HOLD nothing
          moved  | highest_quality | ALL_REJECTED | different | HOLD nothing
          moved  | manual          | PASSED       | identical | CONFLICT 8
          moved  | manual          | PASSED       | different | CONFLICT 8
          moved  | manual          | FAILED       | identical | HOLD quarantined
          moved  | manual          | FAILED       | different | HOLD quarantined
          moved  | manual          | NONE         | identical | CONFLICT 8
          moved  | manual          | NONE         | different | CONFLICT 8
          moved  | manual          | ALL_REJECTED | identical | HOLD nothing
          moved  | manual          | ALL_REJECTED | different | HOLD nothing
          """)
  void a_new_version_is_decided_against_the_head_it_was_planned_on(
      String head, String strategy, Quality quality, String checksum, String expected) {
    String headSum = checksum.equals("identical") ? SUM : "sha-of-other-rows";
    Long planned = head.equals("none") ? null : 7L;
    Current current =
        switch (head) {
          case "none" -> null;
          case "same" -> new Current(7, 7, 0.8, headSum);
          default -> new Current(8, 8, 0.8, headSum);
        };
    Candidate c = Candidate.fresh(planned, 0.9, SUM, quality);
    assertThat(show(PublishDecision.decide(c, current, strategy(strategy)))).isEqualTo(expected);
  }

  /**
   * {@code fresh}: the engine's new version after a conflict; {@code contested}: a kept version
   * {@code conflicts resolve} settles against the head the operator saw ("planned on"). The head is
   * {@code id:number:score} ({@code -}: not read) or none.
   */
  @ParameterizedTest(name = "{0} planned on {1}, head {2}, {3}, v{4} at {5} → {6}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          # candidate | planned on | head id:no:score | strategy        | cand no | cand score | decision
          fresh       | 7          | 8:8:0.9          | highest_quality | -       | 0.9        | KEEP_EXISTING 8
          fresh       | 7          | 8:8:0.95         | highest_quality | -       | 0.9        | KEEP_EXISTING 8
          fresh       | 7          | 8:-:-            | highest_quality | -       | 0.9        | PUBLISH 8
          fresh       | 7          | none             | highest_quality | -       | 0.9        | PUBLISH -
          fresh       | 7          | none             | latest_wins     | -       | 0.9        | PUBLISH -
          fresh       | 7          | none             | keep_existing   | -       | 0.9        | KEEP_EXISTING -
          fresh       | 7          | none             | manual          | -       | 0.9        | CONFLICT -
          fresh       | -          | 8:8:0.8          | latest_wins     | -       | 0.9        | PUBLISH 8
          fresh       | -          | 8:8:0.8          | -               | -       | 0.9        | HEAD_MOVED 8
          contested   | 8          | 8:8:0.8          | latest_wins     | 9       | 0.9        | PUBLISH 8
          contested   | 8          | 8:8:0.8          | latest_wins     | 5       | 0.9        | KEEP_EXISTING 8
          contested   | 8          | 8:8:0.8          | keep_existing   | 9       | 0.9        | KEEP_EXISTING 8
          contested   | 8          | 8:8:0.8          | highest_quality | 5       | 0.9        | PUBLISH 8
          contested   | 8          | 8:8:0.9          | highest_quality | 9       | 0.9        | KEEP_EXISTING 8
          contested   | 8          | 8:8:0.8          | manual          | 9       | 0.9        | CONFLICT 8
          contested   | -          | none             | latest_wins     | 9       | 0.9        | PUBLISH -
          contested   | -          | none             | keep_existing   | 9       | 0.9        | KEEP_EXISTING -
          contested   | -          | none             | highest_quality | 9       | 0.1        | PUBLISH -
          contested   | 8          | 9:9:0.8          | latest_wins     | 10      | 0.9        | HEAD_MOVED 9
          contested   | 8          | none             | highest_quality | 9       | 0.9        | HEAD_MOVED -
          """)
  void after_a_conflict_the_strategy_decides(
      String kind,
      String planned,
      String head,
      String strategy,
      String candidateNo,
      double score,
      String expected) {
    Long plannedOn = planned.equals("-") ? null : Long.valueOf(planned);
    Current current = null;
    if (!head.equals("none")) {
      String[] f = head.split(":");
      current =
          new Current(
              Long.parseLong(f[0]),
              f[1].equals("-") ? null : Integer.valueOf(f[1]),
              f[2].equals("-") ? null : Double.valueOf(f[2]),
              SUM);
    }
    Integer no = candidateNo.equals("-") ? null : Integer.valueOf(candidateNo);
    Candidate c =
        new Candidate(
            plannedOn,
            no,
            score,
            SUM,
            kind.equals("contested") ? Quality.NONE : Quality.PASSED,
            kind.equals("contested"));
    assertThat(show(PublishDecision.decide(c, current, strategy(strategy)))).isEqualTo(expected);
  }

  @Test
  void a_contested_candidate_needs_a_strategy() {
    Candidate c = new Candidate(8L, 9, 0.9, SUM, Quality.NONE, true);
    assertThatThrownBy(() -> PublishDecision.decide(c, new Current(8, 8, 0.8, SUM), null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest(name = "{1} {2}, later {3}, cascade {4}, purged {5} → {6}")
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      textBlock =
          """
          # operation | type     | state       | later      | cascade | purged             | refusal
          OP          | REPLAY   | SUCCEEDED   | -          | false   | -                  | -
          OP          | REPLAY   | FAILED      | -          | false   | -                  | -
          OP          | REPLAY   | CANCELLED   | -          | false   | -                  | -
          OP          | REPLAY   | SUCCEEDED   | LATER      | true    | -                  | -
          OP          | REPLAY   | -           | -          | false   | -                  | NotFound: no operation OP: list them with the list of operations
          OP          | REPLAY   | ROLLED_BACK | -          | false   | -                  | IllegalStateChange: operation OP is already rolled back
          OP          | ROLLBACK | SUCCEEDED   | -          | false   | -                  | IllegalStateChange: operation OP is a rollback: run the operation again instead
          OP          | REPLAY   | RUNNING     | -          | false   | -                  | IllegalStateChange: operation OP is RUNNING: pause or cancel it before rolling it back
          OP          | REPLAY   | PAUSED      | -          | false   | -                  | IllegalStateChange: operation OP is PAUSED: pause or cancel it before rolling it back
          OP          | REPLAY   | PLANNED     | -          | false   | -                  | IllegalStateChange: operation OP is PLANNED: pause or cancel it before rolling it back
          OP          | REPLAY   | SUCCEEDED   | LATER      | false   | -                  | IllegalStateChange: partitions of OP were changed again later by LATER: roll those back first, or add a cascading rollback of operation OP
          OP          | REPLAY   | SUCCEEDED   | -          | false   | eia/D/2024-12-31   | IllegalStateChange: the version OP replaced in eia/D/2024-12-31 was purged by retention (the purge of superseded versions): it cannot be rolled back
          """)
  void rollback_moves_heads_back_only_from_a_finished_operation_nobody_built_on(
      String op,
      OperationType type,
      OperationState state,
      String later,
      boolean cascade,
      String purged,
      String expected) {
    AurumException refusal =
        PublishDecision.rollbackRefusal(
            op, state, type, later == null ? List.of() : List.of(later), cascade, purged);
    assertThat(
            refusal == null
                ? null
                : refusal.getClass().getSimpleName() + ": " + refusal.getMessage())
        .isEqualTo(expected);
  }

  @ParameterizedTest(name = "head {0}, target {1} {2} of {3}: {4}")
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      textBlock =
          """
          # head | to state    | to no | to day     | expected
            2    | SUPERSEDED  | 1     | 2024-01-02 | -
            -    | SUPERSEDED  | 1     | 2024-01-02 | IllegalStateChange: the head of eia/D/2024-01-02 is version id null, not 2 as when the recovery was planned: assess and plan again
            3    | SUPERSEDED  | 1     | 2024-01-02 | IllegalStateChange: the head of eia/D/2024-01-02 is version id 3, not 2 as when the recovery was planned: assess and plan again
            2    | ROLLED_BACK | 1     | 2024-01-02 | IllegalStateChange: version id 1 (ROLLED_BACK, number 1) is not an earlier superseded version of eia/D/2024-01-02: assess and plan again
            2    | QUARANTINED | 1     | 2024-01-02 | IllegalStateChange: version id 1 (QUARANTINED, number 1) is not an earlier superseded version of eia/D/2024-01-02: assess and plan again
            2    | SUPERSEDED  | 3     | 2024-01-02 | IllegalStateChange: version id 1 (SUPERSEDED, number 3) is not an earlier superseded version of eia/D/2024-01-02: assess and plan again
            2    | SUPERSEDED  | 1     | 2024-01-03 | IllegalStateChange: version id 1 (SUPERSEDED, number 1) is not an earlier superseded version of eia/D/2024-01-02: assess and plan again
          """)
  void a_partition_rolls_back_only_from_the_head_planned_to_an_earlier_superseded_version(
      Long head,
      io.aurum.core.model.VersionState toState,
      int toNo,
      String toDay,
      String expected) {
    io.aurum.core.model.PartitionVersion from =
        version(2, "2024-01-02", io.aurum.core.model.VersionState.PUBLISHED, 2);
    io.aurum.core.model.PartitionVersion to = version(1, toDay, toState, toNo);
    AurumException refusal = PublishDecision.partitionRollbackRefusal(head, from, to);
    assertThat(
            refusal == null
                ? null
                : refusal.getClass().getSimpleName() + ": " + refusal.getMessage())
        .isEqualTo(expected);
  }

  private static io.aurum.core.model.PartitionVersion version(
      long id, String day, io.aurum.core.model.VersionState state, int no) {
    return new io.aurum.core.model.PartitionVersion(
        id,
        new io.aurum.core.model.PartitionKey(
            io.aurum.core.model.SourceId.EIA, "D", java.time.LocalDate.parse(day)),
        no,
        "OP",
        null,
        state,
        10,
        null,
        "v1",
        1.0,
        java.time.Instant.EPOCH,
        null);
  }

  private static ConflictStrategy strategy(String s) {
    return s.equals("-") ? null : ConflictStrategy.parse(s);
  }

  /** A decision as its table cell: the kind and the head it concerns ({@code -}: none). */
  private static String show(Decision d) {
    if (d instanceof Decision.Publish p) {
      return "PUBLISH " + id(p.replaces());
    }
    if (d instanceof Decision.Hold h) {
      return "HOLD " + (h.keep() ? "quarantined" : "nothing");
    }
    if (d instanceof Decision.HeadMoved m) {
      return "HEAD_MOVED " + id(m.head());
    }
    if (d instanceof Decision.Conflict c) {
      return "CONFLICT " + id(c.head());
    }
    return "KEEP_EXISTING " + id(((Decision.KeepExisting) d).head());
  }

  private static String id(Long id) {
    return id == null ? "-" : id.toString();
  }
}
