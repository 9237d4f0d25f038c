package io.aurum.core.usecase;

import io.aurum.core.integrity.Finding;
import io.aurum.core.integrity.Severity;
import io.aurum.core.model.SourceId;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code corruption detect} ({@code report} "corruption") or {@code emergency assess}
 * ("damage") found: the scope, how much was read, and the findings, most severe first.
 */
public record ScanReport(
    String report,
    SourceId source,
    String depth,
    List<String> categories,
    Instant generatedAt,
    long durationMs,
    List<String> datasets,
    long partitionsScanned,
    long rowsScanned,
    long checksumsVerified,
    List<Finding> findings) {

  public ScanReport {
    categories = List.copyOf(categories);
    datasets = List.copyOf(datasets);
    findings = List.copyOf(findings);
  }

  public boolean clean() {
    return findings.isEmpty();
  }

  /** Findings per severity, every severity present (zero when none). */
  public Map<Severity, Long> bySeverity() {
    Map<Severity, Long> out = new EnumMap<>(Severity.class);
    for (Severity s : Severity.values()) {
      out.put(s, 0L);
    }
    findings.forEach(f -> out.merge(f.severity(), 1L, Long::sum));
    return out;
  }
}
