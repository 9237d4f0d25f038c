package io.aurum.connectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurum.connectors.http.SizeLimitExceeded;
import io.aurum.core.estimate.Estimator;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class RowCapTest {
  static final long MB = 1L << 20;

  @Test
  void the_row_past_the_cap_fails_the_request_and_never_reaches_the_sink() {
    RowCap cap = new RowCap(Upstream.FRED, 1000, Long.MAX_VALUE, 1);
    List<Integer> kept = new ArrayList<>();
    Consumer<Integer> sink = cap.counting(kept::add, "http://fred/x");
    for (int i = 0; i < 1000; i++) {
      sink.accept(i);
    }
    assertThatThrownBy(() -> sink.accept(1000))
        .isInstanceOf(UncheckedIOException.class)
        .hasCauseInstanceOf(SizeLimitExceeded.class)
        .hasMessageContaining(
            "the response of http://fred/x holds more than 1000 rows (max_rows_per_request of"
                + " fred): narrow the window (a shorter date range) or raise max_rows_per_request"
                + " in upstream_limits.json");
    assertThat(kept).hasSize(1000);
  }

  @Test
  void each_request_counts_from_zero() {
    RowCap cap = new RowCap(Upstream.EIA, 2, Long.MAX_VALUE, 1);
    for (int request = 0; request < 3; request++) {
      Consumer<String> sink = cap.counting(s -> {}, "u");
      sink.accept("a");
      sink.accept("b");
    }
  }

  @Test
  void a_small_heap_lowers_the_cap_to_what_the_requests_in_flight_can_hold() {
    // (256 MB - 64 MB) / (1 x 2 x 160 bytes) = 629,145 rows; five in flight share it.
    assertThat(new RowCap(Upstream.CAISO, 50_000_000, 256 * MB, 1).effective()).isEqualTo(629_145);
    assertThat(new RowCap(Upstream.EIA, 50_000_000, 256 * MB, 5).effective()).isEqualTo(125_829);
    assertThat(new RowCap(Upstream.EIA, 50_000_000, 256 * MB, 5).effective())
        .isEqualTo(Estimator.rowsPerTaskWithin(256 * MB, 5));
    // The model it inverts: that many rows per task fit the heap, one more row each does not.
    assertThat(Estimator.peakMemory(5, 0, 125_829)).isLessThanOrEqualTo(256 * MB);
    assertThat(Estimator.peakMemory(5, 0, 125_830)).isGreaterThan(256 * MB);
    // A large heap leaves the configured cap.
    assertThat(new RowCap(Upstream.EIA, 500_000, 8192 * MB, 5).effective()).isEqualTo(500_000);
    assertThat(new RowCap(Upstream.EIA, 500_000, Long.MAX_VALUE, 5).effective()).isEqualTo(500_000);
    // A heap under the baseline still lets a request through, one row.
    assertThat(new RowCap(Upstream.EIA, 500_000, 32 * MB, 5).effective()).isEqualTo(1);
  }

  @Test
  void a_cap_lowered_by_the_heap_says_so_and_what_to_do() {
    RowCap cap = new RowCap(Upstream.CAISO, 50_000_000, 256 * MB, 1);
    Consumer<Integer> sink = cap.counting(x -> {}, "http://caiso/x");
    for (int i = 0; i < 629_145; i++) {
      sink.accept(i);
    }
    assertThatThrownBy(() -> sink.accept(0))
        .hasMessageContaining(
            "the response of http://caiso/x holds"
                + " more than 629145 rows, what a 256 MB heap holds for 1 request(s) in flight"
                + " (max_rows_per_request of caiso is 50000000): narrow the window (a shorter date"
                + " range) or give Aurum more memory (--max-memory)");
  }

  @Test
  void every_legitimate_answer_fits_the_default_cap_even_in_a_256_mb_heap() {
    // Serial collector at -Xmx256m: 247.5 MB; each upstream's max_concurrency of the repository
    // configuration. The largest answers: FRED 100,000; NYISO month of 5-minute rows 98,208;
    // CAISO 31 days x 10 nodes x 288 = 89,280; PJM 50,000; BLS 13,000; EIA 5,000; NOAA 1,000.
    long heap = 259_522_560L;
    assertThat(new RowCap(Upstream.FRED, 500_000, heap, 4).effective()).isGreaterThan(100_000);
    assertThat(new RowCap(Upstream.NYISO, 500_000, heap, 2).effective()).isGreaterThan(98_208);
    assertThat(new RowCap(Upstream.CAISO, 500_000, heap, 1).effective()).isGreaterThan(89_280);
    assertThat(new RowCap(Upstream.PJM, 500_000, heap, 1).effective()).isGreaterThan(50_000);
    assertThat(new RowCap(Upstream.EIA, 500_000, heap, 5).effective()).isGreaterThan(5_000);
    assertThat(UpstreamLimits.DEFAULT_MAX_ROWS_PER_REQUEST).isEqualTo(500_000);
  }
}
