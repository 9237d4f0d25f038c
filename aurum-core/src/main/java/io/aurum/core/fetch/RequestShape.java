package io.aurum.core.fetch;

import java.time.LocalDate;

/**
 * What one upstream query of a dataset may cover and how it pages: the rules a fetch window is
 * sized by. A connector builds one per dataset from its API's limits (the connector catalogue).
 *
 * @param pageRows rows one page holds (EIA 5,000, NOAA 1,000, PJM 50,000, FRED 100,000 per series);
 *     0 when a query is one response with no paging (BLS, CAISO, NYISO files)
 * @param perSeries one query per series (FRED): rows and pages count per series
 * @param seriesPerQuery most series one query may name (BLS 50); 0 for no limit
 * @param pagesPerWindow how many full pages a window holds at most; 1 makes every window one
 *     request, so windows run side by side within the quota
 * @param span which spans of partitions one query may cover (first and last period, inclusive)
 */
public record RequestShape(
    int pageRows, boolean perSeries, int seriesPerQuery, int pagesPerWindow, Span span) {

  /** Whether one query may cover the partitions from {@code first} to {@code last} (periods). */
  @FunctionalInterface
  public interface Span {
    boolean fits(LocalDate first, LocalDate last);

    /** Any span. */
    Span ANY = (first, last) -> true;

    /** One partition a query. */
    Span ONE = LocalDate::equals;

    /** At most {@code days} days from the first period's start to the last's end. */
    static Span days(int days) {
      return (first, last) -> !last.isAfter(first.plusDays(days - 1L));
    }

    /** Within one year: the last period before the first's anniversary. */
    static Span oneYear() {
      return (first, last) -> last.isBefore(first.plusYears(1));
    }

    /** Within {@code years} consecutive calendar years (BLS {@code startyear..endyear}). */
    static Span calendarYears(int years) {
      return (first, last) -> last.getYear() - first.getYear() < years;
    }
  }

  public RequestShape {
    if (pageRows < 0 || seriesPerQuery < 0 || pagesPerWindow < 1) {
      throw new IllegalArgumentException(
          "a request shape needs pageRows >= 0, seriesPerQuery >= 0 and pagesPerWindow >= 1");
    }
    span = span == null ? Span.ANY : span;
  }

  /** One request for each partition: the shape of a connector that cannot take a range. */
  public static final RequestShape PER_PARTITION = new RequestShape(0, false, 0, 1, Span.ONE);

  /**
   * Requests a window of {@code rows} rows over {@code series} of the dataset's {@code totalSeries}
   * series takes: per query (or per series), the pages its share of the rows fills, at least one.
   */
  public int requests(long rows, int series, int totalSeries) {
    int s = Math.max(1, series);
    double share = totalSeries <= 0 ? 1.0 : Math.min(1.0, (double) s / totalSeries);
    long wanted = Math.round(rows * share);
    if (perSeries) {
      return s * pages(ceilDiv(wanted, s));
    }
    if (seriesPerQuery > 0 && s > seriesPerQuery) {
      int queries = (s + seriesPerQuery - 1) / seriesPerQuery;
      long perQuery = ceilDiv(wanted, queries);
      return queries * pages(perQuery);
    }
    return pages(wanted);
  }

  /** Most rows one query of a window may hold: {@code pagesPerWindow} full pages, or no limit. */
  long rowBudget() {
    return pageRows == 0 ? Long.MAX_VALUE : (long) pageRows * pagesPerWindow;
  }

  /** Rows of one query of a window of {@code rows} rows over {@code series} series. */
  long rowsPerQuery(long rows, int series, int totalSeries) {
    int s = Math.max(1, series);
    double share = totalSeries <= 0 ? 1.0 : Math.min(1.0, (double) s / totalSeries);
    long wanted = Math.round(rows * share);
    if (perSeries) {
      return ceilDiv(wanted, s);
    }
    if (seriesPerQuery > 0 && s > seriesPerQuery) {
      return ceilDiv(wanted, (s + seriesPerQuery - 1) / seriesPerQuery);
    }
    return wanted;
  }

  private int pages(long rows) {
    if (pageRows == 0) {
      return 1;
    }
    return (int) Math.max(1, ceilDiv(rows, pageRows));
  }

  private static long ceilDiv(long a, long b) {
    return b <= 0 ? a : (a + b - 1) / b;
  }
}
