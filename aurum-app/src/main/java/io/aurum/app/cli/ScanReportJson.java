package io.aurum.app.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aurum.core.integrity.Finding;
import io.aurum.core.usecase.ScanReport;

/** The JSON document of a {@link ScanReport}: damage and corruption reports share it. */
final class ScanReportJson {
  private ScanReportJson() {}

  static ObjectNode of(ScanReport r) {
    ObjectNode n = Output.MAPPER.createObjectNode();
    n.put("report", r.report());
    n.put("source", r.source().cliName());
    n.put("depth", r.depth());
    r.categories().forEach(n.putArray("categories")::add);
    n.put("generated_at", r.generatedAt().toString());
    n.put("duration_ms", r.durationMs());
    r.datasets().forEach(n.putArray("datasets")::add);
    n.put("partitions_scanned", r.partitionsScanned());
    n.put("rows_scanned", r.rowsScanned());
    n.put("checksums_verified", r.checksumsVerified());
    n.put("clean", r.clean());
    ObjectNode sev = n.putObject("by_severity");
    r.bySeverity().forEach((k, v) -> sev.put(k.name().toLowerCase(java.util.Locale.ROOT), v));
    ArrayNode a = n.putArray("findings");
    for (Finding f : r.findings()) {
      ObjectNode x = a.addObject();
      x.put("kind", f.kind().label());
      x.put("category", f.category().label());
      x.put("severity", f.severity().name().toLowerCase(java.util.Locale.ROOT));
      x.put("dataset", f.dataset());
      f.partitions().forEach(p -> x.withArray("partitions").add(p.toString()));
      x.withArray("partitions");
      x.put("evidence", f.evidence());
      x.put("suggested_action", f.suggestedAction());
      x.put("version_id", f.versionId());
      x.put("last_good_version_id", f.lastGoodVersionId());
      if (f.quota() != null) {
        Finding.QuotaUse q = f.quota();
        ObjectNode o = x.putObject("quota");
        o.put("key_id", q.keyId());
        o.put("period", q.period().toString());
        o.put("used", q.used());
        o.put("limit", q.limit());
        o.put("resets_at", q.resetsAt().toString());
        o.put("throttled_recently", q.throttled());
        o.put("recent_minutes", q.recent().toMinutes());
      }
    }
    return n;
  }
}
