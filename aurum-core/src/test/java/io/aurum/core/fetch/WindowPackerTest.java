package io.aurum.core.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurum.core.model.Dataset;
import io.aurum.core.model.Frequency;
import io.aurum.core.model.PartitionKey;
import io.aurum.core.model.SourceId;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Fetch windows sized to the API's largest query: counts worked out by hand from the limits. */
class WindowPackerTest {
  static final ZoneId NY = ZoneId.of("America/New_York");

  static Dataset dataset(Frequency f, int series) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < series; i++) {
      names.add("S" + i);
    }
    return new Dataset(SourceId.EIA, "D", f, NY, "v1", names, "u", 0, 100, Map.of());
  }

  static List<PartitionKey> days(Dataset d, String first, String last) {
    List<PartitionKey> out = new ArrayList<>();
    for (LocalDate p = LocalDate.parse(first);
        !p.isAfter(LocalDate.parse(last));
        p = d.frequency().monthlyPartitions() ? p.plusMonths(1) : p.plusDays(1)) {
      out.add(new PartitionKey(d.source(), d.name(), p));
    }
    return out;
  }

  static long requests(List<FetchWindow> windows) {
    return windows.stream().mapToLong(FetchWindow::requests).sum();
  }

  @Test
  void pagedQueriesFillWholePagesOfDays() {
    // 5 hourly series: 120 rows a day (23 x 5 = 115 on 2024-03-10, 125 on 2024-11-03).
    // Pages of 5,000 rows, one page a window: 41 days (4,920 rows) a window.
    Dataset d = dataset(Frequency.HOURLY, 5);
    RequestShape eia = new RequestShape(5000, false, 0, 1, RequestShape.Span.ANY);
    // January 2024: 31 x 120 = 3,720 rows: one request.
    assertThat(WindowPacker.pack(d, days(d, "2024-01-01", "2024-01-31"), List.of(), eia))
        .hasSize(1)
        .allMatch(w -> w.requests() == 1 && w.partitions().size() == 31);
    // 2024: 366 days = 43,920 rows; windows of 41 days (the DST days change no window count):
    // 8 x 41 = 328 days, then 38 days: 9 windows, 9 requests (the fewest: ceil(43,920 / 5,000)).
    List<FetchWindow> year =
        WindowPacker.pack(d, days(d, "2024-01-01", "2024-12-31"), List.of(), eia);
    assertThat(year).hasSize(9);
    assertThat(requests(year)).isEqualTo(9);
    assertThat(year).allMatch(w -> w.partitions().size() <= 42);
  }

  @Test
  void perSeriesQueriesTakeOneRequestPerSeries() {
    // FRED: one query per series, up to 100,000 observations each: ten years of a daily dataset
    // of 3 series is one window of 3 requests.
    Dataset d = dataset(Frequency.DAILY, 3);
    RequestShape fred = new RequestShape(100_000, true, 0, 1, RequestShape.Span.ANY);
    List<FetchWindow> w =
        WindowPacker.pack(d, days(d, "2015-01-01", "2024-12-31"), List.of(), fred);
    assertThat(w).hasSize(1);
    assertThat(w.get(0).requests()).isEqualTo(3);
    // A window of two of the series: 2 requests.
    assertThat(
            WindowPacker.pack(d, days(d, "2015-01-01", "2024-12-31"), List.of("S0", "S1"), fred)
                .get(0)
                .requests())
        .isEqualTo(2);
  }

  @Test
  void calendarYearSpansOfUnpagedQueries() {
    // BLS: no paging, 20 calendar years a query: 2015-01..2024-12 monthly is one request,
    // 1990-01..2024-12 (35 years) two: 1990..2009 and 2010..2024.
    Dataset d = dataset(Frequency.MONTHLY, 4);
    RequestShape bls = new RequestShape(0, false, 50, 1, RequestShape.Span.calendarYears(20));
    assertThat(requests(WindowPacker.pack(d, days(d, "2015-01-01", "2024-12-01"), List.of(), bls)))
        .isEqualTo(1);
    List<FetchWindow> w = WindowPacker.pack(d, days(d, "1990-01-01", "2024-12-01"), List.of(), bls);
    assertThat(w).hasSize(2);
    assertThat(w.get(0).last().period()).isEqualTo(LocalDate.parse("2009-12-01"));
  }

  @Test
  void aYearOfPagesHoldsOnlyWholePages() {
    // NOAA: 1 year a query, pages of 1,000. 6 series: 2,190 rows a year would be 3 pages; windows
    // of 2 full pages hold 333 days (1,998 rows). Ten years, 3,653 days: 10 windows of 333 days
    // (20 requests) and one of 323 days (1,938 rows, 2 requests): 22 = ceil(21,918 / 1,000).
    Dataset d = dataset(Frequency.DAILY, 6);
    RequestShape noaa = new RequestShape(1000, false, 0, 2, RequestShape.Span.oneYear());
    List<FetchWindow> w =
        WindowPacker.pack(d, days(d, "2015-01-01", "2024-12-31"), List.of(), noaa);
    assertThat(w).hasSize(11);
    assertThat(requests(w)).isEqualTo(22);
    // Span-limited, not page-limited: 1 series, 365 rows a year, one request a year.
    Dataset one = dataset(Frequency.DAILY, 1);
    RequestShape oneYear = new RequestShape(1000, false, 0, 1, RequestShape.Span.oneYear());
    assertThat(
            requests(
                WindowPacker.pack(one, days(one, "2015-01-01", "2024-12-31"), List.of(), oneYear)))
        .isEqualTo(10);
  }

  @Test
  void aGapIsSpannedOnlyWhenItSavesARequest() {
    // Days 1-10 and 31 of January needed, 11-30 covered: one 31-day query of 3,720 rows (one page)
    // beats two.
    Dataset d = dataset(Frequency.HOURLY, 5);
    RequestShape eia = new RequestShape(5000, false, 0, 1, RequestShape.Span.ANY);
    List<PartitionKey> needed = new ArrayList<>(days(d, "2024-01-01", "2024-01-10"));
    needed.add(new PartitionKey(d.source(), d.name(), LocalDate.parse("2024-01-31")));
    List<FetchWindow> w = WindowPacker.pack(d, needed, List.of(), eia);
    assertThat(w).hasSize(1);
    assertThat(w.get(0).partitions()).hasSize(11);
    // CAISO-like: 31 days a query. Days 1 and 40 are 39 days apart: two windows.
    RequestShape caiso = new RequestShape(0, false, 0, 1, RequestShape.Span.days(31));
    List<PartitionKey> apart =
        List.of(
            new PartitionKey(d.source(), d.name(), LocalDate.parse("2024-01-01")),
            new PartitionKey(d.source(), d.name(), LocalDate.parse("2024-02-09")));
    assertThat(WindowPacker.pack(d, apart, List.of(), caiso)).hasSize(2);
  }

  @Test
  void perPartitionShapeIsOneRequestAPartition() {
    Dataset d = dataset(Frequency.DAILY, 3);
    List<FetchWindow> w =
        WindowPacker.pack(
            d, days(d, "2024-01-01", "2024-01-31"), List.of(), RequestShape.PER_PARTITION);
    assertThat(w).hasSize(31).allMatch(x -> x.requests() == 1 && x.partitions().size() == 1);
  }
}
