package io.aurum.app.cli;

import io.aurum.core.analysis.CostGroup;
import io.aurum.core.analysis.CostLine;
import io.aurum.core.analysis.CostProfile;
import io.aurum.core.analysis.CostReport;
import io.aurum.core.analysis.CostSaving;
import io.aurum.core.analysis.OperationCost;
import java.io.PrintWriter;
import java.util.List;

/** The human forms of {@code aurum costs track|report|profile}. */
final class CostsView {
  private CostsView() {}

  static Render.Table metrics(List<CostLine> lines) {
    Render.Table t =
        Render.Table.of(
            "metric", "unit", "quantity", "cost", "estimated_quantity", "estimated_cost");
    for (CostLine l : lines) {
      t.row(
          l.metric().id(),
          l.metric().unit(),
          new Render.Fixed(l.quantity(), 4),
          new Render.Fixed(l.cost(), 4),
          fixed(l.estimatedQuantity()),
          fixed(l.estimatedCost()));
    }
    return t;
  }

  static void track(OperationCost c, List<CostLine> lines, String currency, PrintWriter out) {
    out.printf(
        "costs of %s (%s, %s, %s): %d of %d tasks finished%n",
        c.operation().id(),
        Output.name(c.operation().type()),
        Output.name(c.operation().source()),
        Output.name(c.operation().state()),
        c.progress().finished(),
        c.progress().total());
    Render.print("table", metrics(lines), out);
    out.printf(
        "total: %s %s (estimated %s)%n",
        money(lines.stream().mapToDouble(CostLine::cost).sum()),
        currency,
        c.estimatedTotal() == null ? "-" : money(c.estimatedTotal()));
    out.flush();
  }

  static void detailed(CostReport r, PrintWriter out) {
    out.printf(
        "costs from %s to %s by %s, in %s%n", r.from(), r.to(), r.groupBy().id(), r.currency());
    for (CostGroup g : r.groups()) {
      out.printf("%n%s %s: %s%n", r.groupBy().id(), g.key(), totals(g));
      Render.print("table", metrics(g.lines()), out);
    }
    out.printf("%ntotal: %s%n", totals(r.total()));
    out.flush();
  }

  static void summary(CostReport r, PrintWriter out) {
    Render.Table t = Render.Table.of(r.groupBy().id(), "operations", "total", "estimated_total");
    for (CostGroup g : r.groups()) {
      t.row(g.key(), g.operations(), new Render.Fixed(g.total(), 4), fixed(g.estimatedTotal()));
    }
    CostGroup all = r.total();
    t.row("total", all.operations(), new Render.Fixed(all.total(), 4), fixed(all.estimatedTotal()));
    Render.print("table", t, out);
  }

  static void csv(CostReport r, PrintWriter out) {
    Render.Table t =
        Render.Table.of(
            "group",
            "operations",
            "metric",
            "unit",
            "quantity",
            "cost",
            "estimated_quantity",
            "estimated_cost");
    for (CostGroup g : concat(r.groups(), r.total())) {
      for (CostLine l : g.lines()) {
        t.row(
            g.key(),
            g.operations(),
            l.metric().id(),
            l.metric().unit(),
            l.quantity(),
            l.cost(),
            l.estimatedQuantity(),
            l.estimatedCost());
      }
    }
    Render.print("csv", t, out);
  }

  static void profile(CostProfile p, PrintWriter out) {
    out.printf(
        "cost profile from %s to %s: %s %s in all%n",
        p.from(), p.to(), money(p.total()), p.currency());
    out.printf("%nby source:%n");
    Render.print("table", groups(p.bySource(), "source"), out);
    out.printf("%nby operation type:%n");
    Render.print("table", groups(p.byOperationType(), "operation_type"), out);
    out.printf("%ncostliest operations:%n");
    Render.print("table", operations(p.costliest()), out);
    out.printf("%nfinished operations, estimate against actual:%n");
    Render.print("table", operations(p.finished()), out);
    out.printf("%nwhat would cut it:%n");
    if (p.savings().isEmpty()) {
      out.println("nothing found: no replay of an unchanged range, no small requests");
    }
    for (CostSaving s : p.savings()) {
      out.printf(
          "  %s %s: %s could be saved; %s%n",
          s.kind(), s.operationId(), money(s.cost()), s.advice());
    }
    out.flush();
  }

  private static Render.Table groups(List<CostGroup> groups, String by) {
    Render.Table t = Render.Table.of(by, "operations", "total", "estimated_total");
    groups.forEach(
        g ->
            t.row(
                g.key(),
                g.operations(),
                new Render.Fixed(g.total(), 4),
                fixed(g.estimatedTotal())));
    return t;
  }

  private static Render.Table operations(List<OperationCost> ops) {
    Render.Table t =
        Render.Table.of("operation", "type", "state", "estimated_total", "total", "difference");
    for (OperationCost c : ops) {
      Double e = c.estimatedTotal();
      t.row(
          c.operation().id(),
          Output.name(c.operation().type()),
          Output.name(c.operation().state()),
          fixed(e),
          new Render.Fixed(c.total(), 4),
          e == null || e == 0
              ? null
              : String.format(java.util.Locale.ROOT, "%+.0f%%", (c.total() - e) / e * 100));
    }
    return t;
  }

  private static List<CostGroup> concat(List<CostGroup> groups, CostGroup total) {
    List<CostGroup> all = new java.util.ArrayList<>(groups);
    all.add(total);
    return all;
  }

  private static String totals(CostGroup g) {
    return String.format(
        java.util.Locale.ROOT,
        "%d operation(s), total %s (estimated %s)",
        g.operations(),
        money(g.total()),
        g.estimatedTotal() == null ? "-" : money(g.estimatedTotal()));
  }

  private static Render.Fixed fixed(Double v) {
    return v == null ? null : new Render.Fixed(v, 4);
  }

  static String money(double v) {
    return String.format(java.util.Locale.ROOT, "%.4f", v);
  }
}
