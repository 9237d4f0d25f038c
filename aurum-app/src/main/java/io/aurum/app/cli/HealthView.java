package io.aurum.app.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aurum.core.health.Finding;
import io.aurum.core.health.SourceHealth;
import io.aurum.core.health.SystemHealth;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/** How {@code health system} and {@code health sources} show their reports. */
final class HealthView {
  private HealthView() {}

  /** The system checks as a document: {@code healthy} and the checks, details if asked. */
  static ObjectNode systemJson(SystemHealth.Report r, boolean detailed) {
    ObjectNode n = Output.MAPPER.createObjectNode();
    n.put("healthy", r.healthy());
    ArrayNode a = n.putArray("checks");
    for (SystemHealth.Check c : r.checks()) {
      ObjectNode o = Output.tree(c).put("status", status(c));
      if (!detailed) {
        o.remove("details");
      }
      a.add(o);
    }
    return n;
  }

  /** One row per check; with {@code detailed}, its details joined by "; ". */
  static Render.Table systemTable(SystemHealth.Report r, boolean detailed) {
    Render.Table t =
        detailed
            ? Render.Table.of("status", "check", "summary", "details")
            : Render.Table.of("status", "check", "summary");
    for (SystemHealth.Check c : r.checks()) {
      String status = status(c);
      if (detailed) {
        t.row(status, c.name(), c.summary(), String.join("; ", c.details()));
      } else {
        t.row(status, c.name(), c.summary());
      }
    }
    return t;
  }

  /** A check's status as every format prints it: ok, warning or error. */
  private static String status(SystemHealth.Check c) {
    return c.status() == Finding.Severity.INFO ? "ok" : Output.name(c.status());
  }

  /** The system report in {@code format}; a table ends with the verdict line. */
  static void printSystem(String format, SystemHealth.Report r, boolean detailed, PrintWriter out) {
    if (format.equals("json")) {
      Output.json(systemJson(r, detailed), out);
      return;
    }
    Render.print(format, systemTable(r, detailed), out);
    if (format.equals("table")) {
      out.println(r.healthy() ? "system healthy" : "system UNHEALTHY");
      out.flush();
    }
  }

  /** The source probes as an array of objects, a market's own quota under {@code markets}. */
  static ArrayNode sourcesJson(List<SourceHealth.Report> reports) {
    ArrayNode arr = StatusView.JSON.createArrayNode();
    for (SourceHealth.Report r : reports) {
      var n =
          arr.addObject()
              .put("source", r.source().cliName())
              .put("status", Output.name(r.status()))
              .put("reachable", r.reachable())
              .put("credentials", r.credentials())
              .put("quota_per_second", r.quotaPerSecond())
              .put("operation_share", r.operationShare())
              .put("latency_ms", r.latencyMs())
              .put("rows", r.rows())
              .put("detail", r.detail());
      if (!r.markets().isEmpty()) {
        var m = n.putObject("markets");
        r.markets()
            .forEach(
                (name, q) ->
                    m.putObject(name)
                        .put("quota_per_second", q.quotaPerSecond())
                        .put("operation_share", q.operationShare()));
      }
    }
    return arr;
  }

  /** One row per source; the detail names each market's own limit. */
  static Render.Table sourcesTable(List<SourceHealth.Report> reports) {
    Render.Table t =
        Render.Table.of(
            "source", "status", "reachable", "credentials", "quota_per_s", "latency_ms", "detail");
    for (SourceHealth.Report r : reports) {
      t.row(
          r.source().cliName(),
          Output.name(r.status()),
          r.reachable() ? "yes" : "no",
          r.credentials(),
          new Render.Fixed(r.quotaPerSecond(), 3),
          r.latencyMs(),
          r.detail() + markets(r));
    }
    return t;
  }

  /**
   * Each market's own rate, for a per-market source: {@code "; own limit per market: nyiso 0.800/s
   * pjm 0.100/s"}; empty for a one-quota source.
   */
  static String markets(SourceHealth.Report r) {
    if (r.markets().isEmpty()) {
      return "";
    }
    StringBuilder b = new StringBuilder("; own limit per market:");
    r.markets()
        .forEach(
            (m, q) -> b.append(String.format(Locale.ROOT, " %s %.3f/s", m, q.quotaPerSecond())));
    return b.toString();
  }
}
