package io.aurum.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurum.core.config.DatasetCatalog;
import io.aurum.core.model.Dataset;
import io.aurum.core.model.Observation;
import io.aurum.core.model.SourceId;
import io.aurum.core.quality.QualityEngine;
import io.aurum.core.quality.QualityProfile;
import io.aurum.core.quality.QualityReport;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A rejected point keeps the head's value; only a fetch of nothing but rejects holds a partition.
 */
class RejectedRecordsTest {
  private static final Path REPO_CONFIG = Path.of("..", "config").toAbsolutePath().normalize();
  private static final Dataset DEMAND =
      DatasetCatalog.load(REPO_CONFIG).get(SourceId.EIA, "ELEC.DEMAND");
  private static final Instant T0 = Instant.parse("2024-01-02T05:00:00Z");
  private static final Instant T1 = T0.plusSeconds(3600);

  private static QualityReport evaluate(List<Observation> rows) {
    return new QualityEngine(QualityProfile.STANDARD)
        .evaluate(DEMAND, T0, T0.plusSeconds(2 * 3600), rows, null);
  }

  private static Observation row(String series, Instant at, double v) {
    return new Observation(series, at, v, "MWh");
  }

  @Test
  void the_head_value_of_a_rejected_point_goes_on_unless_a_plausible_one_arrived() {
    Observation bad = row("PJM-D", T1, Double.POSITIVE_INFINITY);
    Observation badButReplaced = row("MISO-D", T1, Double.NaN);
    List<Observation> fetched =
        List.of(row("PJM-D", T0, 1), bad, badButReplaced, row("MISO-D", T1, 7));
    List<Observation> head =
        List.of(row("PJM-D", T0, 10), row("PJM-D", T1, 11), row("MISO-D", T1, 12));

    List<Observation> kept = RejectedRecords.keptFromHead(evaluate(fetched), head);

    assertThat(kept).containsExactly(row("PJM-D", T1, 11));
  }

  @Test
  void a_partition_is_held_only_when_every_fetched_row_is_rejected() {
    List<Observation> allBad =
        List.of(row("PJM-D", T0, Double.NaN), row("PJM-D", T1, Double.NEGATIVE_INFINITY));
    List<Observation> oneGood = List.of(row("PJM-D", T0, Double.NaN), row("PJM-D", T1, 5));

    assertThat(RejectedRecords.everyRowRejected(allBad, evaluate(allBad))).isTrue();
    assertThat(RejectedRecords.everyRowRejected(oneGood, evaluate(oneGood))).isFalse();
    assertThat(RejectedRecords.everyRowRejected(List.of(), evaluate(List.of()))).isFalse();
    // Rejected rows of the head a window merges with are not the fetch's.
    List<Observation> merged = List.of(row("PJM-D", T0, Double.NaN), row("PJM-D", T1, 5));
    assertThat(RejectedRecords.everyRowRejected(List.of(merged.get(1)), evaluate(merged)))
        .isFalse();
  }
}
