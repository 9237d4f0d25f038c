package io.aurum.connectors;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurum.core.config.DatasetCatalog;
import io.aurum.core.fetch.FetchWindow;
import io.aurum.core.model.Dataset;
import io.aurum.core.model.Observation;
import io.aurum.core.model.PartitionKey;
import io.aurum.core.model.SourceId;
import io.aurum.core.port.Connector;
import io.aurum.core.port.FetchContext;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A backfill as the engine runs it with fetch windows: the partitions of a date range, grouped by
 * {@link Connector#windows}, each window fetched once; what windows() predicted, the requests sent
 * and the rows each window emitted (all checked to lie in the window's [from, to)).
 */
public final class WindowRun {
  /** The repository's dataset catalog ({@code config/datasets.json}). */
  public static final DatasetCatalog CATALOG =
      DatasetCatalog.load(Path.of("..", "config").toAbsolutePath().normalize());

  public final List<FetchWindow> windows;
  public final int predicted;
  public final long expectedRows;
  public int sent;
  public final List<Observation> rows = new ArrayList<>();

  private WindowRun(List<FetchWindow> windows, long expectedRows) {
    this.windows = windows;
    this.predicted = windows.stream().mapToInt(FetchWindow::requests).sum();
    this.expectedRows = expectedRows;
  }

  public static Dataset dataset(SourceId source, String name) {
    return CATALOG.get(source, name);
  }

  /** The partitions of [first, last]: days, or the months they start for monthly data. */
  public static List<PartitionKey> partitions(Dataset d, LocalDate first, LocalDate last) {
    List<PartitionKey> out = new ArrayList<>();
    boolean monthly = d.frequency().monthlyPartitions();
    for (LocalDate p = monthly ? first.withDayOfMonth(1) : first;
        !p.isAfter(last);
        p = monthly ? p.plusMonths(1) : p.plusDays(1)) {
      out.add(new PartitionKey(d.source(), d.name(), p));
    }
    return out;
  }

  /** Fetches the partitions of [first, last] window by window. */
  public static WindowRun backfill(Connector c, Dataset d, LocalDate first, LocalDate last) {
    List<PartitionKey> partitions = partitions(d, first, last);
    long expected = partitions.stream().mapToLong(d::expectedRows).sum();
    WindowRun run = new WindowRun(c.windows(d, partitions, List.of()), expected);
    FetchContext counting =
        new FetchContext() {
          @Override
          public void beforeRequest() {}

          @Override
          public void afterResponse(long bytes) {
            run.sent++;
          }
        };
    for (FetchWindow w : run.windows) {
      Instant from = w.from();
      Instant to = w.to();
      c.fetch(
          new Connector.FetchRequest(d, w.first(), from, to, Map.of()),
          counting,
          o -> {
            assertThat(o.period()).isAfterOrEqualTo(from).isBefore(to);
            run.rows.add(o);
          });
    }
    return run;
  }

  /**
   * Asserts that windows() predicted exactly {@code requests} and the fetches sent exactly as many,
   * and that every expected row came, once.
   */
  public WindowRun sentExactly(int requests) {
    assertThat(predicted)
        .as("requests windows() predicted, windows %s", windowSizes())
        .isEqualTo(requests);
    assertThat(sent).as("requests sent").isEqualTo(requests);
    assertThat(noDuplicates()).as("no row twice").isTrue();
    return this;
  }

  /** Asserts that every expected row of the range came (no row lost). */
  public WindowRun lostNoRow() {
    assertThat((long) rows.size()).as("rows").isEqualTo(expectedRows);
    return this;
  }

  /** Whether no (series, period) came twice. */
  public boolean noDuplicates() {
    Set<String> seen = new HashSet<>();
    return rows.stream().allMatch(o -> seen.add(o.seriesId() + "@" + o.period()));
  }

  /** Days in each window, for messages. */
  public List<Integer> windowSizes() {
    return windows.stream().map(w -> w.partitions().size()).toList();
  }
}
