package io.aurum.core.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurum.core.config.DatasetCatalog;
import io.aurum.core.model.Dataset;
import io.aurum.core.model.Frequency;
import io.aurum.core.model.Observation;
import io.aurum.core.model.PartitionKey;
import io.aurum.core.model.SourceId;
import io.aurum.core.model.TaskDraft;
import io.aurum.core.port.Connector;
import io.aurum.core.port.FetchContext;
import io.aurum.core.replay.Window;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Task drafts into fetch windows: per dataset, per kind of window, across combinable datasets. */
class FetchGroupsTest {
  static final ZoneId NY = ZoneId.of("America/New_York");

  static Dataset monthly(String name, int series) {
    List<String> s = new ArrayList<>();
    for (int i = 0; i < series; i++) {
      s.add(name + "-" + i);
    }
    return new Dataset(SourceId.CPI, name, Frequency.MONTHLY, NY, "v1", s, "u", 0, 1000, Map.of());
  }

  /** A BLS-like API: 50 series and 20 calendar years a query; monthly datasets combine. */
  static final class BlsLike implements Connector {
    @Override
    public SourceId source() {
      return SourceId.CPI;
    }

    @Override
    public void fetch(FetchRequest request, FetchContext context, Consumer<Observation> sink) {}

    @Override
    public RequestShape shape(Dataset dataset) {
      return new RequestShape(0, false, 50, 1, RequestShape.Span.calendarYears(20));
    }

    @Override
    public boolean combinable(Dataset a, Dataset b) {
      return a.frequency() == b.frequency() && a.zone().equals(b.zone());
    }
  }

  static List<TaskDraft> months(Dataset d, int firstYear, int lastYear) {
    List<TaskDraft> out = new ArrayList<>();
    for (LocalDate m = LocalDate.of(firstYear, 1, 1);
        m.getYear() <= lastYear;
        m = m.plusMonths(1)) {
      out.add(new TaskDraft(new PartitionKey(SourceId.CPI, d.name(), m), null, null));
    }
    return out;
  }

  @Test
  void combinableDatasetsShareOneRequestUpToItsSeriesLimit() {
    Dataset a = monthly("CPI.A", 4);
    Dataset b = monthly("CPI.B", 30);
    Dataset c = monthly("CPI.C", 30);
    DatasetCatalog catalog = new DatasetCatalog(List.of(a, b));
    List<TaskDraft> drafts = new ArrayList<>(months(a, 2015, 2024));
    drafts.addAll(months(b, 2015, 2024));
    // 34 series, 10 years: one request for both datasets' 240 partitions.
    FetchGroups.Grouped g = FetchGroups.group(drafts, Map.of(SourceId.CPI, new BlsLike()), catalog);
    assertThat(g.windows()).hasSize(1);
    assertThat(g.requests()).isEqualTo(1);
    assertThat(g.tasks()).hasSize(240).allMatch(t -> t.fetchGroup() == 0);

    // 64 series: two queries of at most 50 series (32 each) for the same window.
    DatasetCatalog three = new DatasetCatalog(List.of(a, b, c));
    drafts.addAll(months(c, 2015, 2024));
    FetchGroups.Grouped g3 = FetchGroups.group(drafts, Map.of(SourceId.CPI, new BlsLike()), three);
    assertThat(g3.windows()).hasSize(1);
    assertThat(g3.requests()).isEqualTo(2);
  }

  @Test
  void partialWindowsAndWholePartitionsAreFetchedApart() {
    Dataset a = monthly("CPI.A", 4);
    DatasetCatalog catalog = new DatasetCatalog(List.of(a));
    List<TaskDraft> drafts = new ArrayList<>(months(a, 2024, 2024));
    drafts.add(
        new TaskDraft(
            new PartitionKey(SourceId.CPI, a.name(), LocalDate.of(2023, 12, 1)),
            new Window(List.of(Instant.parse("2023-12-01T05:00:00Z")), List.of("CPI.A-1")).toJson(),
            null));
    FetchGroups.Grouped g = FetchGroups.group(drafts, Map.of(SourceId.CPI, new BlsLike()), catalog);
    assertThat(g.windows()).hasSize(2);
    assertThat(g.tasks().stream().map(TaskDraft::fetchGroup).distinct()).hasSize(2);
  }

  @Test
  void withoutAConnectorEveryPartitionIsItsOwnWindow() {
    Dataset a = monthly("CPI.A", 4);
    FetchGroups.Grouped g =
        FetchGroups.group(months(a, 2024, 2024), Map.of(), new DatasetCatalog(List.of(a)));
    assertThat(g.windows()).hasSize(12);
    assertThat(g.requests()).isEqualTo(12);
  }
}
