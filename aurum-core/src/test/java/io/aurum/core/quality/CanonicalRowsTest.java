package io.aurum.core.quality;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurum.core.config.DatasetCatalog;
import io.aurum.core.model.Checksums;
import io.aurum.core.model.Dataset;
import io.aurum.core.model.Observation;
import io.aurum.core.model.PartitionKey;
import io.aurum.core.model.SourceId;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The bucketed canonical order equals a stable sort; the gate keeps the last duplicate. */
class CanonicalRowsTest {
  private static final Path REPO_CONFIG = Path.of("..", "config").toAbsolutePath().normalize();

  @Test
  void canonical_order_equals_a_stable_sort_by_series_then_period() {
    Random random = new Random(42);
    for (int round = 0; round < 50; round++) {
      List<Observation> rows = new ArrayList<>();
      int n = random.nextInt(300);
      for (int i = 0; i < n; i++) {
        // Few series and periods, so that equal keys (duplicates) occur; the value tells rows
        // apart.
        rows.add(
            new Observation(
                "S" + random.nextInt(7),
                Instant.ofEpochSecond(3600L * random.nextInt(12)),
                i,
                "MWh",
                null));
      }
      List<Observation> expected = new ArrayList<>(rows);
      expected.sort(Checksums.CANONICAL_ORDER);

      assertThat(Checksums.canonical(rows)).containsExactlyElementsOf(expected);
      assertThat(Checksums.isSorted(Checksums.canonical(rows))).isTrue();
    }
  }

  @Test
  void the_gate_counts_duplicates_keeps_the_last_and_scores_completeness_per_series() {
    Dataset d = DatasetCatalog.load(REPO_CONFIG).get(SourceId.EIA, "ELEC.DEMAND");
    PartitionKey key = new PartitionKey(SourceId.EIA, d.name(), LocalDate.of(2024, 1, 2));
    Instant from = key.start(d);
    List<Observation> rows = new ArrayList<>();
    // Period-major, as EIA pages come: every series for hour 0, then hour 1, ...; hour 5 of the
    // first series is missing, and hour 7 of the last arrives twice.
    String first = d.series().get(0);
    String last = d.series().get(d.series().size() - 1);
    for (int h = 0; h < 24; h++) {
      for (String s : d.series()) {
        if (!(s.equals(first) && h == 5)) {
          rows.add(new Observation(s, from.plusSeconds(3600L * h), 100 + h, d.unit(), null));
        }
      }
    }
    rows.add(new Observation(last, from.plusSeconds(3600L * 7), 999, d.unit(), null));
    Collections.shuffle(rows.subList(0, 10), new Random(1));

    QualityReport r =
        new QualityEngine(QualityProfile.STANDARD).evaluate(d, from, key.end(d), rows, null);

    int series = d.series().size();
    assertThat(r.defects().duplicates()).isEqualTo(1);
    assertThat(r.defects().missing()).isEqualTo(1);
    assertThat(r.expected()).isEqualTo(24 * series);
    assertThat(r.present()).isEqualTo(24 * series - 1);
    assertThat(r.rows()).hasSize(24 * series - 1);
    assertThat(Checksums.isSorted(r.rows())).isTrue();
    assertThat(r.rows())
        .filteredOn(
            o -> o.seriesId().equals(last) && o.period().equals(from.plusSeconds(3600L * 7)))
        .singleElement()
        .extracting(Observation::value)
        .isEqualTo(999.0);
  }
}
