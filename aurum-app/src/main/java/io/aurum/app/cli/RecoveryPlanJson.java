package io.aurum.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aurum.core.error.AurumException;
import io.aurum.core.integrity.Finding;
import io.aurum.core.integrity.Kind;
import io.aurum.core.integrity.Severity;
import io.aurum.core.model.SourceId;
import io.aurum.core.request.JsonInput;
import io.aurum.core.request.JsonSchemas;
import io.aurum.core.usecase.RecoveryPlan;
import io.aurum.core.usecase.RecoveryPlan.Step;
import io.aurum.core.usecase.ScanReport;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The JSON documents of {@code emergency plan} and {@code recover}: a recovery plan written and
 * read back, and a damage report read back; both checked against their JSON Schemas (docs/schemas)
 * first, so a bad file is refused with its line and column before anything runs.
 */
final class RecoveryPlanJson {
  private RecoveryPlanJson() {}

  static ObjectNode of(RecoveryPlan p) {
    ObjectNode n = Output.MAPPER.createObjectNode();
    n.put("plan", "recovery");
    n.put("plan_id", p.planId());
    n.put("source", p.source().cliName());
    n.put("generated_at", p.generatedAt().toString());
    n.put("damage_report_generated_at", p.damageReportAt().toString());
    n.put("estimated_requests", p.totalRequests());
    n.put("estimated_seconds", p.totalSeconds());
    ArrayNode steps = n.putArray("steps");
    for (Step s : p.steps()) {
      ObjectNode x = steps.addObject();
      x.put("id", s.id());
      x.put("kind", s.kind().label());
      ObjectNode scope = x.putObject("scope");
      scope.put("source", p.source().cliName());
      s.datasets().forEach(scope.putArray("datasets")::add);
      ArrayNode parts = scope.putArray("partitions");
      s.partitions().forEach(d -> parts.add(d.toString()));
      scope.put("start", s.start() == null ? (String) null : s.start().toString());
      scope.put("end", s.end() == null ? (String) null : s.end().toString());
      scope.put("operation_id", s.operationId());
      x.put("precondition", s.precondition());
      s.dependsOn().forEach(x.putArray("depends_on")::add);
      x.put("estimated_requests", s.estimatedRequests());
      x.put("estimated_seconds", s.estimatedSeconds());
      x.put("gate", s.gate());
      x.put("why", s.why());
      if (s.kind() == RecoveryPlan.StepKind.ROLLBACK_PARTITIONS) {
        ArrayNode moves = x.putArray("rollbacks");
        for (RecoveryPlan.Move m : s.rollbacks()) {
          ObjectNode o = moves.addObject();
          o.put("dataset", m.dataset());
          o.put("partition", m.partition().toString());
          o.put("from_version_id", m.fromVersionId());
          o.put("from_version", m.fromVersionNo());
          o.put("to_version_id", m.toVersionId());
          o.put("to_version", m.toVersionNo());
        }
      }
    }
    ArrayNode un = n.putArray("unplanned");
    for (RecoveryPlan.Unplanned u : p.unplanned()) {
      ObjectNode x = un.addObject();
      x.put("kind", u.kind());
      x.put("dataset", u.dataset());
      x.put("evidence", u.evidence());
      x.put("action", u.action());
    }
    return n;
  }

  /** The plan in {@code file}, checked against its schema; its steps' dependencies must exist. */
  static RecoveryPlan readPlan(Path file) {
    JsonNode n = JsonInput.read(file, "recovery plan").check(JsonSchemas.RECOVERY_PLAN).root();
    SourceId source = SourceId.parse(n.path("source").asText());
    List<Step> steps = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    for (JsonNode x : n.path("steps")) {
      JsonNode scope = x.path("scope");
      if (!scope.path("source").asText().equals(source.cliName())) {
        throw new AurumException.BadInput(
            "recovery plan "
                + file
                + ": step "
                + x.path("id").asText()
                + " is scoped to source "
                + scope.path("source").asText()
                + ", the plan to "
                + source.cliName()
                + ": write the plan again with aurum emergency plan");
      }
      List<String> deps = strings(x.path("depends_on"));
      for (String d : deps) {
        if (!ids.contains(d)) {
          throw new AurumException.BadInput(
              "recovery plan "
                  + file
                  + ": step "
                  + x.path("id").asText()
                  + " depends on "
                  + d
                  + ", which is not an earlier step of the plan");
        }
      }
      if (ids.contains(x.path("id").asText())) {
        throw new AurumException.BadInput(
            "recovery plan " + file + ": step id " + x.path("id").asText() + " appears twice");
      }
      ids.add(x.path("id").asText());
      steps.add(
          new Step(
              x.path("id").asText(),
              RecoveryPlan.StepKind.parse(x.path("kind").asText()),
              strings(scope.path("datasets")),
              strings(scope.path("partitions")).stream().map(LocalDate::parse).toList(),
              date(scope.path("start")),
              date(scope.path("end")),
              scope.path("operation_id").isNull() ? null : scope.path("operation_id").asText(),
              x.path("precondition").asText(),
              deps,
              x.path("estimated_requests").isNull() ? null : x.path("estimated_requests").asLong(),
              x.path("estimated_seconds").isNull() ? null : x.path("estimated_seconds").asLong(),
              x.path("gate").asText(),
              x.path("why").asText(),
              moves(x.path("rollbacks"))));
    }
    List<RecoveryPlan.Unplanned> unplanned = new ArrayList<>();
    for (JsonNode u : n.path("unplanned")) {
      unplanned.add(
          new RecoveryPlan.Unplanned(
              u.path("kind").asText(),
              u.path("dataset").isNull() ? null : u.path("dataset").asText(),
              u.path("evidence").asText(),
              u.path("action").asText()));
    }
    return new RecoveryPlan(
        n.path("plan_id").asText(),
        source,
        instant(file, n, "generated_at"),
        instant(file, n, "damage_report_generated_at"),
        steps,
        unplanned);
  }

  /** The damage report in {@code file}, checked against its schema. */
  static ScanReport readDamage(Path file) {
    JsonNode n = JsonInput.read(file, "damage assessment").check(JsonSchemas.DAMAGE_REPORT).root();
    SourceId source = SourceId.parse(n.path("source").asText());
    List<Finding> findings = new ArrayList<>();
    for (JsonNode f : n.path("findings")) {
      Kind kind;
      try {
        kind = Kind.valueOf(f.path("kind").asText().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new AurumException.BadInput(
            "damage assessment "
                + file
                + ": unknown finding kind '"
                + f.path("kind").asText()
                + "': write it again with aurum emergency assess");
      }
      findings.add(
          new Finding(
              kind,
              Severity.valueOf(f.path("severity").asText().toUpperCase(Locale.ROOT)),
              source,
              f.path("dataset").isNull() ? null : f.path("dataset").asText(),
              strings(f.path("partitions")).stream().map(LocalDate::parse).toList(),
              f.path("evidence").asText(),
              f.path("suggested_action").asText(),
              f.path("version_id").isNull() ? null : f.path("version_id").asLong(),
              f.path("last_good_version_id").isNull()
                  ? null
                  : f.path("last_good_version_id").asLong()));
    }
    return new ScanReport(
        n.path("report").asText(),
        source,
        n.path("depth").asText(),
        strings(n.path("categories")),
        instant(file, n, "generated_at"),
        n.path("duration_ms").asLong(),
        strings(n.path("datasets")),
        n.path("partitions_scanned").asLong(),
        n.path("rows_scanned").asLong(),
        n.path("checksums_verified").asLong(),
        findings);
  }

  /** A partition rollback's head moves (none for other steps). */
  private static List<RecoveryPlan.Move> moves(JsonNode a) {
    List<RecoveryPlan.Move> out = new ArrayList<>();
    for (JsonNode m : a) {
      out.add(
          new RecoveryPlan.Move(
              m.path("dataset").asText(),
              LocalDate.parse(m.path("partition").asText()),
              m.path("from_version_id").asLong(),
              m.path("from_version").asInt(),
              m.path("to_version_id").asLong(),
              m.path("to_version").asInt()));
    }
    return out;
  }

  private static List<String> strings(JsonNode a) {
    List<String> out = new ArrayList<>();
    a.forEach(x -> out.add(x.asText()));
    return out;
  }

  private static LocalDate date(JsonNode n) {
    return n == null || n.isNull() || n.isMissingNode() ? null : LocalDate.parse(n.asText());
  }

  private static Instant instant(Path file, JsonNode n, String field) {
    try {
      return Instant.parse(n.path(field).asText());
    } catch (java.time.format.DateTimeParseException e) {
      throw new AurumException.BadInput(
          file + ": " + field + " is not a UTC timestamp (" + n.path(field).asText() + ")");
    }
  }
}
