package io.aurum.app.cli;

import io.aurum.core.analysis.OperationReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An operation report as one self-contained HTML page with inline SVG charts: throughput over time,
 * records per day and quality per partition. No scripts, no external files.
 */
final class ReportHtml {
  private static final int W = 640;
  private static final int H = 180;

  private ReportHtml() {}

  static String render(OperationReport r) {
    return render(r, null);
  }

  /** With {@code trendsSvg} (an svg element; null: none), the trends of recent operations. */
  static String render(OperationReport r, String trendsSvg) {
    String md = ReportMarkdown.render(r);
    StringBuilder b = new StringBuilder();
    b.append("<!doctype html><html><head><meta charset=\"utf-8\"><title>")
        .append(esc(r.operation().id()))
        .append("</title><style>body{font-family:sans-serif;max-width:720px;margin:2em auto}")
        .append("table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 6px}")
        .append("svg{background:#fafafa;border:1px solid #ddd}</style></head><body>\n");
    b.append("<pre>").append(esc(md)).append("</pre>\n");
    List<double[]> tp = new ArrayList<>();
    r.throughput().forEach(p -> tp.add(new double[] {p.at(), p.recordsPerSecond()}));
    b.append("<h2>Throughput over time (records/s)</h2>\n").append(line(tp, "seconds since start"));
    List<String> labels = new ArrayList<>();
    List<Double> values = new ArrayList<>();
    for (Map.Entry<java.time.LocalDate, Long> e : r.recordsPerDay().entrySet()) {
      labels.add(e.getKey().toString());
      values.add((double) e.getValue());
    }
    b.append("<h2>Records per day</h2>\n").append(bars(labels, values, "#4a7bd0", null));
    List<String> ql = new ArrayList<>();
    List<Double> qv = new ArrayList<>();
    for (OperationReport.PartitionQuality q : r.quality()) {
      ql.add(q.dataset() + " " + q.period() + " " + Output.name(q.state()));
      qv.add(q.score());
    }
    b.append("<h2>Quality per partition</h2>\n").append(bars(ql, qv, "#3a9a5b", 1.0));
    if (trendsSvg != null) {
      b.append("<h2>Trends of operations, last 7 days</h2>\n").append(trendsSvg).append('\n');
    }
    b.append("</body></html>\n");
    return b.toString();
  }

  static String line(List<double[]> points, String xLabel) {
    StringBuilder s = svgOpen();
    if (points.isEmpty()) {
      return s.append(text(W / 2, H / 2, "no data")).append("</svg>\n").toString();
    }
    double maxX = points.stream().mapToDouble(p -> p[0]).max().orElse(1);
    double maxY = Math.max(1e-9, points.stream().mapToDouble(p -> p[1]).max().orElse(1));
    StringBuilder path = new StringBuilder();
    for (double[] p : points) {
      double x = 40 + (W - 50) * p[0] / Math.max(1e-9, maxX);
      double y = H - 20 - (H - 30) * p[1] / maxY;
      path.append(path.length() == 0 ? "M" : " L").append(fmt(x)).append(',').append(fmt(y));
    }
    s.append("<path d=\"")
        .append(path)
        .append("\" fill=\"none\" stroke=\"#d0704a\" stroke-width=\"2\"/>");
    s.append(text(4, 14, fmt(maxY))).append(text(W - 120, H - 4, xLabel));
    return s.append("</svg>\n").toString();
  }

  static String bars(List<String> labels, List<Double> values, String color, Double fixedMax) {
    StringBuilder s = svgOpen();
    if (values.isEmpty()) {
      return s.append(text(W / 2, H / 2, "no data")).append("</svg>\n").toString();
    }
    double max = fixedMax != null ? fixedMax : values.stream().mapToDouble(d -> d).max().orElse(1);
    max = Math.max(max, 1e-9);
    double bw = (W - 50.0) / values.size();
    for (int i = 0; i < values.size(); i++) {
      double h = (H - 30) * values.get(i) / max;
      s.append("<rect x=\"")
          .append(fmt(40 + i * bw))
          .append("\" y=\"")
          .append(fmt(H - 20 - h))
          .append("\" width=\"")
          .append(fmt(Math.max(1, bw - 1)))
          .append("\" height=\"")
          .append(fmt(h))
          .append("\" fill=\"")
          .append(color)
          .append("\"><title>")
          .append(esc(labels.get(i)))
          .append(": ")
          .append(fmt(values.get(i)))
          .append("</title></rect>");
    }
    s.append(text(4, 14, fmt(max)));
    s.append(text(40, H - 4, esc(labels.get(0))));
    s.append(text(W - 130, H - 4, esc(labels.get(labels.size() - 1))));
    return s.append("</svg>\n").toString();
  }

  private static StringBuilder svgOpen() {
    return new StringBuilder(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\""
            + W
            + "\" height=\""
            + H
            + "\" viewBox=\"0 0 "
            + W
            + " "
            + H
            + "\">");
  }

  private static String text(double x, double y, String t) {
    return "<text x=\"" + fmt(x) + "\" y=\"" + fmt(y) + "\" font-size=\"11\">" + t + "</text>";
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.2f", v);
  }

  static String esc(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
