package io.aurum.core.estimate;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurum.core.config.AurumConfig;
import io.aurum.core.model.Dataset;
import io.aurum.core.model.SourceId;
import io.aurum.core.testing.TestFlags;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Concurrency is lowered before the batch size, and never below one task of the smallest batch. */
class MemoryFitTest {
  private static final List<Dataset> EIA =
      AurumConfig.load(Path.of("..", "config").toAbsolutePath().normalize())
          .catalog()
          .select(SourceId.EIA, List.of());
  private static final int ROWS = Estimator.largestPartitionRows(EIA);

  @Test
  void what_fits_is_left_alone() {
    assertThat(MemoryFit.fit(Long.MAX_VALUE, 3, 1000, EIA, TestFlags.FLAGS))
        .isEqualTo(new MemoryFit.Fit(3, 1000));
  }

  @Test
  void concurrency_goes_first_then_the_batch_halves() {
    long oneTask = Estimator.peakMemory(1, 1000, ROWS);
    assertThat(MemoryFit.fit(oneTask, 3, 1000, EIA, TestFlags.FLAGS))
        .isEqualTo(new MemoryFit.Fit(1, 1000));
    long smaller = Estimator.peakMemory(1, 250, ROWS);
    MemoryFit.Fit fit = MemoryFit.fit(smaller, 3, 1000, EIA, TestFlags.FLAGS);
    assertThat(fit.concurrency()).isEqualTo(1);
    assertThat(fit.batchSize()).isBetween(MemoryFit.MIN_BATCH, 250);
  }
}
