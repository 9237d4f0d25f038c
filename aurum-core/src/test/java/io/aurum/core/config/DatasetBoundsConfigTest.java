package io.aurum.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurum.core.error.AurumException;
import io.aurum.core.model.Bounds;
import io.aurum.core.model.SourceId;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A dataset's optional {@code bounds} in datasets.json: parsed, or refused with the field. */
class DatasetBoundsConfigTest {
  @TempDir Path dir;

  private DatasetCatalog catalogWith(String bounds) throws Exception {
    Files.writeString(
        dir.resolve(DatasetCatalog.FILE),
        """
        {"datasets": [{"source": "eia", "name": "ELEC.DEMAND", "frequency": "hourly",
          "zone": "America/New_York", "series": ["PJM-D"], "unit": "MWh",
          "min_value": 0, "max_value": 250000BOUNDS}]}
        """
            .replace("BOUNDS", bounds));
    return DatasetCatalog.load(dir);
  }

  @Test
  void bounds_are_optional_and_either_side_may_be_open() throws Exception {
    assertThat(catalogWith("").get(SourceId.EIA, "ELEC.DEMAND").bounds()).isEqualTo(Bounds.NONE);
    assertThat(
            catalogWith(", \"bounds\": {\"min\": -1000, \"max\": 1e6}")
                .get(SourceId.EIA, "ELEC.DEMAND")
                .bounds())
        .isEqualTo(new Bounds(-1000, 1_000_000));
    assertThat(catalogWith(", \"bounds\": {\"max\": 5}").get(SourceId.EIA, "ELEC.DEMAND").bounds())
        .isEqualTo(new Bounds(Double.NEGATIVE_INFINITY, 5));
  }

  @Test
  void bad_bounds_are_refused_naming_the_file_and_field() {
    String[][] cases = {
      {", \"bounds\": [0, 1]", "datasets[0].bounds: array found, [object, null] expected"},
      {", \"bounds\": {\"min\": \"low\"}", "datasets[0].bounds.min: string found, [number, null]"},
      {", \"bounds\": {\"max\": 1e400}", "datasets[0].bounds.max is too large to be a number"},
      {", \"bounds\": {\"min\": 5, \"max\": 5}", "must be below"},
      {
        ", \"bounds\": {\"minimum\": 5}",
        "unknown key 'minimum' in datasets[0].bounds: use one of min, max"
      },
    };
    for (String[] c : cases) {
      assertThatThrownBy(() -> catalogWith(c[0]))
          .as(c[0])
          .isInstanceOf(AurumException.BadInput.class)
          .hasMessageContaining(DatasetCatalog.FILE)
          .hasMessageContaining(c[1]);
    }
  }
}
