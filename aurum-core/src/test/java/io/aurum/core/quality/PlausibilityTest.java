package io.aurum.core.quality;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurum.core.config.DatasetCatalog;
import io.aurum.core.model.Bounds;
import io.aurum.core.model.Dataset;
import io.aurum.core.model.Observation;
import io.aurum.core.model.PartitionKey;
import io.aurum.core.model.SourceId;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Non-finite and out-of-bounds values are rejected by the quality engine, never kept. */
class PlausibilityTest {
  private static final Path REPO_CONFIG = Path.of("..", "config").toAbsolutePath().normalize();

  private static Dataset demand() {
    return DatasetCatalog.load(REPO_CONFIG).get(SourceId.EIA, "ELEC.DEMAND");
  }

  /** A full day of ELEC.DEMAND with {@code bad} as the value of PJM-D at its sixth hour. */
  private static List<Observation> dayWith(Dataset d, PartitionKey k, double bad) {
    List<Observation> rows = new ArrayList<>();
    Instant t = k.start(d);
    for (int h = 0; h < 24; h++, t = t.plusSeconds(3600)) {
      for (String s : d.series()) {
        rows.add(new Observation(s, t, s.equals("PJM-D") && h == 5 ? bad : 90_000.0 + h, "MWh"));
      }
    }
    return rows;
  }

  @Test
  void the_catalog_gives_every_dataset_plausible_bounds_around_its_quality_range() {
    for (Dataset d : DatasetCatalog.load(REPO_CONFIG).all()) {
      assertThat(d.bounds()).as(d.name()).isNotEqualTo(Bounds.NONE);
      assertThat(d.bounds().min()).as(d.name()).isLessThanOrEqualTo(d.minValue());
      assertThat(d.bounds().max()).as(d.name()).isGreaterThanOrEqualTo(d.maxValue());
    }
    assertThat(demand().bounds()).isEqualTo(new Bounds(-1000, 1_000_000));
  }

  @Test
  void non_finite_and_out_of_bounds_values_are_rejected_with_a_reason_and_counted() {
    Dataset d = demand();
    PartitionKey k = new PartitionKey(SourceId.EIA, d.name(), LocalDate.of(2024, 1, 2));
    QualityEngine engine = new QualityEngine(QualityProfile.STANDARD);
    double[] bad = {
      Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1e7, -1e4,
    };
    String[] why = {"NaN", "+Infinity", "-Infinity", "plausible bounds", "plausible bounds"};
    for (int i = 0; i < bad.length; i++) {
      String reason = why[i];
      QualityReport r = engine.evaluate(d, k.start(d), k.end(d), dayWith(d, k, bad[i]), null);
      assertThat(r.rows()).as(why[i]).hasSize(119).allMatch(o -> Double.isFinite(o.value()));
      assertThat(r.rejected()).as(why[i]).singleElement();
      assertThat(r.rejected().get(0).reason()).contains(why[i]);
      assertThat(r.rejected().get(0).row().seriesId()).isEqualTo("PJM-D");
      assertThat(r.defects().invalid()).isEqualTo(1);
      assertThat(r.defects().notANumber() + r.defects().outOfRange()).isEqualTo(1);
      assertThat(r.complete()).isFalse();
      assertThat(r.describe()).contains("1 invalid (1 rejected)");
      assertThat(r.findings()).anyMatch(f -> f.message().contains(reason));
    }
  }

  @Test
  void a_value_outside_the_quality_range_but_within_the_bounds_is_kept_and_scored() {
    Dataset d = demand();
    PartitionKey k = new PartitionKey(SourceId.EIA, d.name(), LocalDate.of(2024, 1, 2));
    QualityReport r =
        new QualityEngine(QualityProfile.STANDARD)
            .evaluate(d, k.start(d), k.end(d), dayWith(d, k, 400_000), null);
    assertThat(r.rows()).hasSize(120);
    assertThat(r.rejected()).isEmpty();
    assertThat(r.defects().outOfRange()).isEqualTo(1);
    assertThat(r.score()).isLessThan(1.0);
  }

  @Test
  void without_bounds_only_non_finite_values_are_rejected() {
    Dataset d = demand();
    Dataset open = d.withQuality(d.schemaVersion(), d.unit(), d.minValue(), d.maxValue(), null);
    Observation huge = new Observation("PJM-D", Instant.EPOCH, 1e300, "MWh");
    assertThat(Plausibility.reject(open, huge)).isNull();
    assertThat(Plausibility.reject(d, huge)).contains("outside the plausible bounds");
    assertThat(
            Plausibility.reject(open, new Observation("PJM-D", Instant.EPOCH, Double.NaN, "MWh")))
        .contains("NaN");
  }

  @Test
  void bounds_follow_a_unit_conversion() {
    Bounds b = new Bounds(-1000, 1_000_000);
    assertThat(b.scaled(0.5)).isEqualTo(new Bounds(-500, 500_000));
    assertThat(b.scaled(-1)).isEqualTo(new Bounds(-1_000_000, 1000));
    assertThat(Bounds.NONE.scaled(1000)).isEqualTo(Bounds.NONE);
    assertThat(new Bounds(0, Double.POSITIVE_INFINITY).scaled(-2))
        .isEqualTo(new Bounds(Double.NEGATIVE_INFINITY, 0));
  }
}
