package io.aurum.app.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aurum.core.analysis.CostGroup;
import io.aurum.core.analysis.CostLine;
import io.aurum.core.analysis.CostProfile;
import io.aurum.core.analysis.CostReport;
import io.aurum.core.analysis.CostSaving;
import io.aurum.core.analysis.OperationCost;
import java.util.List;

/** The JSON documents of {@code aurum costs track|report|profile} (docs/schemas/costs-*.json). */
final class CostsJson {
  private CostsJson() {}

  static ObjectNode track(OperationCost c, String currency, List<CostLine> lines) {
    ObjectNode n = operation(c);
    n.put("currency", currency);
    n.put("tasks", c.progress().total());
    n.put("tasks_finished", c.progress().finished());
    metrics(n.putArray("metrics"), lines);
    n.put("total", lines.stream().mapToDouble(CostLine::cost).sum());
    Double e = c.estimatedTotal();
    n.put("estimated_total", e);
    return n;
  }

  static ObjectNode report(CostReport r) {
    ObjectNode n = Output.MAPPER.createObjectNode();
    n.put("from", r.from().toString());
    n.put("to", r.to().toString());
    n.put("group_by", r.groupBy().id());
    n.put("currency", r.currency());
    ArrayNode groups = n.putArray("groups");
    r.groups().forEach(g -> groups.add(group(g, true)));
    n.set("total", group(r.total(), true));
    return n;
  }

  static ObjectNode profile(CostProfile p) {
    ObjectNode n = Output.MAPPER.createObjectNode();
    n.put("from", p.from().toString());
    n.put("to", p.to().toString());
    n.put("currency", p.currency());
    n.put("total", p.total());
    ArrayNode src = n.putArray("by_source");
    p.bySource().forEach(g -> src.add(group(g, false)));
    ArrayNode types = n.putArray("by_operation_type");
    p.byOperationType().forEach(g -> types.add(group(g, false)));
    ArrayNode top = n.putArray("costliest");
    p.costliest().forEach(c -> top.add(totals(c)));
    ArrayNode fin = n.putArray("estimate_vs_actual");
    p.finished().forEach(c -> fin.add(totals(c)));
    ArrayNode sav = n.putArray("savings");
    for (CostSaving s : p.savings()) {
      ObjectNode x = sav.addObject();
      x.put("kind", s.kind());
      x.put("operation_id", s.operationId());
      x.put("cost", s.cost());
      x.put("advice", s.advice());
    }
    return n;
  }

  static ObjectNode group(CostGroup g, boolean withMetrics) {
    ObjectNode n = Output.MAPPER.createObjectNode();
    n.put("group", g.key());
    n.put("operations", g.operations());
    n.put("total", g.total());
    n.put("estimated_total", g.estimatedTotal());
    if (withMetrics) {
      metrics(n.putArray("metrics"), g.lines());
    }
    return n;
  }

  private static ObjectNode operation(OperationCost c) {
    ObjectNode n = Output.MAPPER.createObjectNode();
    n.put("operation_id", c.operation().id());
    n.put("type", Output.name(c.operation().type()));
    n.put("source", Output.name(c.operation().source()));
    n.put("state", Output.name(c.operation().state()));
    return n;
  }

  private static ObjectNode totals(OperationCost c) {
    ObjectNode n = operation(c);
    n.put("total", c.total());
    n.put("estimated_total", c.estimatedTotal());
    return n;
  }

  private static void metrics(ArrayNode a, List<CostLine> lines) {
    for (CostLine l : lines) {
      ObjectNode m = a.addObject();
      m.put("metric", l.metric().id());
      m.put("unit", l.metric().unit());
      m.put("quantity", l.quantity());
      m.put("cost", l.cost());
      m.put("estimated_quantity", l.estimatedQuantity());
      m.put("estimated_cost", l.estimatedCost());
    }
  }
}
