package io.aurum.app.metrics;

import io.aurum.core.history.PerformanceTrends;
import io.aurum.core.history.TrendMetric;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Rectangle;
import java.time.ZoneOffset;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.time.Day;
import org.jfree.data.time.TimeSeries;
import org.jfree.data.time.TimeSeriesCollection;
import org.jfree.svg.SVGGraphics2D;

/**
 * The chart of {@code metrics trends}: one panel per metric over the days of the range (a day
 * without finished runs is a gap), drawn by JFreeChart into SVG by JFreeSVG. Used by {@code
 * --chart} and the HTML report.
 */
public final class TrendChart {
  static final int WIDTH = 800;
  static final int PANEL_HEIGHT = 180;

  private TrendChart() {}

  /** The chart as a standalone SVG document. */
  public static String svg(PerformanceTrends.Result r) {
    return draw(r).getSVGDocument();
  }

  /** The chart as an {@code <svg>} element, to inline in HTML. */
  public static String svgElement(PerformanceTrends.Result r) {
    return draw(r).getSVGElement();
  }

  private static SVGGraphics2D draw(PerformanceTrends.Result r) {
    CombinedDomainXYPlot plot = new CombinedDomainXYPlot(new DateAxis("day (UTC)"));
    plot.setGap(12);
    for (PerformanceTrends.Trend t : r.trends()) {
      plot.add(panel(t, r.days()));
    }
    JFreeChart chart =
        new JFreeChart(
            "Operations " + r.range().from() + " to " + r.range().to(),
            JFreeChart.DEFAULT_TITLE_FONT,
            plot,
            true);
    chart.setBackgroundPaint(Color.WHITE);
    int height = 80 + PANEL_HEIGHT * Math.max(1, r.trends().size());
    SVGGraphics2D g = new SVGGraphics2D(WIDTH, height);
    chart.draw(g, new Rectangle(0, 0, WIDTH, height));
    return g;
  }

  private static XYPlot panel(PerformanceTrends.Trend t, List<PerformanceTrends.Day> days) {
    TrendMetric m = t.metric();
    TimeSeries series = new TimeSeries(m.id() + " (" + t.direction() + ", " + t.assessment() + ")");
    for (PerformanceTrends.Day d : days) {
      Day day =
          new Day(
              java.util.Date.from(d.day().atStartOfDay(ZoneOffset.UTC).toInstant()),
              java.util.TimeZone.getTimeZone("UTC"),
              java.util.Locale.ROOT);
      series.add(day, d.values().get(m));
    }
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
    renderer.setSeriesStroke(0, new BasicStroke(2f));
    XYPlot p =
        new XYPlot(new TimeSeriesCollection(series), null, new NumberAxis(unit(m)), renderer);
    p.setBackgroundPaint(Color.WHITE);
    p.setRangeGridlinePaint(Color.LIGHT_GRAY);
    return p;
  }

  static String unit(TrendMetric m) {
    switch (m) {
      case ERROR_RATE:
        return "ratio";
      case AVG_THROUGHPUT:
        return "rows/s";
      case MAX_MEMORY_USAGE:
        return "bytes";
      default:
        return "seconds";
    }
  }

  /**
   * The chart of the last 7 days of the metrics history (average and p95 duration, error rate) as
   * an SVG element for the HTML report, or null when no run was recorded in them.
   */
  public static String lastWeek(io.aurum.core.port.Store store, java.time.Clock clock) {
    var range = io.aurum.core.history.TimeRange.parse("7d", clock);
    var readings = new io.aurum.core.history.MetricsReadings(store, clock);
    if (!readings.any(range)) {
      return null;
    }
    return svgElement(
        readings.trends(
            range,
            io.aurum.core.history.TrendMetric.parse("avg_duration,p95_duration,error_rate"),
            null,
            null));
  }
}
