package io.aurum.core.plan;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aurum.core.config.AurumConfig;
import io.aurum.core.config.OperationDefaults;
import io.aurum.core.model.Dataset;
import io.aurum.core.model.LegacyExtra;
import io.aurum.core.model.OperationSpec;
import io.aurum.core.model.OperationType;
import io.aurum.core.model.PartitionKey;
import io.aurum.core.model.SourceId;
import io.aurum.core.model.TaskDraft;
import io.aurum.core.request.JsonInput;
import io.aurum.core.request.JsonSchemas;
import io.aurum.core.request.Origin;
import io.aurum.core.request.RequestRules;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A plan saved by {@code aurum plan --output} and run by {@code aurum backfill --plan}: the spec
 * and every partition in execution order, with the head each was planned against. Reading validates
 * everything (JSON syntax and the plan's JSON Schema with line and column, the request rules, known
 * source and datasets, periods in range), so a bad file is bad input before anything is written;
 * what derives from the source is recomputed, never trusted.
 */
public final class PlanFile {
  public static final String FORMAT = "aurum-plan/1";
  private static final ObjectMapper JSON = new ObjectMapper();

  private PlanFile() {}

  /**
   * A plan read back: the spec (checked, derived fields recomputed), the partitions in the file's
   * order with the head each was planned against, and how many were covered when it was made.
   */
  public record Loaded(OperationSpec spec, List<TaskDraft> partitions, int alreadyCovered) {}

  public static void write(OperationSpec spec, Planner.Plan plan, Writer out) throws IOException {
    try (JsonGenerator g = JSON.getFactory().createGenerator(out)) {
      g.useDefaultPrettyPrinter();
      g.writeStartObject();
      g.writeStringField("format", FORMAT);
      g.writeStringField("source", spec.source().cliName());
      g.writeStringField("start_date", spec.startDate().toString());
      g.writeStringField("end_date", spec.endDate().toString());
      g.writeArrayFieldStart("datasets");
      for (String d : spec.datasets()) {
        g.writeString(d);
      }
      g.writeEndArray();
      g.writeObjectFieldStart("spec");
      g.writeNumberField("concurrency", spec.concurrency());
      g.writeNumberField("batch_size", spec.batchSize());
      g.writeNumberField("max_retries", spec.maxRetries());
      if (spec.rateLimit() != null) {
        g.writeNumberField("rate_limit", spec.rateLimit());
      }
      g.writeNumberField("retry_backoff_seconds", spec.retryBackoffSeconds());
      g.writeBooleanField("force", spec.force());
      g.writeStringField("conflict_strategy", spec.conflictStrategy());
      g.writeObjectFieldStart("extra");
      for (Map.Entry<String, String> e :
          new java.util.TreeMap<>(LegacyExtra.write(spec.params())).entrySet()) {
        g.writeStringField(e.getKey(), e.getValue());
      }
      g.writeEndObject();
      g.writeEndObject();
      g.writeObjectFieldStart("summary");
      g.writeNumberField("partitions", plan.partitions().size());
      g.writeNumberField("already_covered", plan.alreadyCovered());
      g.writeNumberField("api_calls", plan.requests());
      g.writeNumberField("records", plan.records());
      g.writeNumberField("effective_rate_per_second", plan.effectiveRate());
      g.writeStringField("rate_bound", plan.bound());
      g.writeNumberField(
          "estimated_duration_seconds", plan.estimatedDuration().toMillis() / 1000.0);
      g.writeEndObject();
      g.writeArrayFieldStart("partitions");
      int order = 0;
      for (Planner.PlannedPartition p : plan.partitions()) {
        g.writeStartObject();
        g.writeNumberField("order", ++order);
        g.writeStringField("dataset", p.key().dataset());
        g.writeStringField("period", p.key().period().toString());
        if (p.headVersionId() != null) {
          g.writeNumberField("head_version_id", p.headVersionId());
        }
        g.writeNumberField("requests", p.requests());
        g.writeNumberField("window", p.fetchGroup());
        g.writeNumberField("records", p.expectedRows());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    }
  }

  /**
   * Reads a plan: its JSON Schema first (unknown keys, types, enums: each named by its line), then
   * the spec through {@link RequestRules#check} (the same limits as the flags; the quota key and
   * estimate recomputed), then the partitions (known datasets, periods in range, each once). The
   * partitions' requests, records and fetch windows are derived: the caller plans them again with
   * {@link Planner#plan(OperationSpec, List, int)}.
   */
  public static Loaded read(
      Path file,
      AurumConfig config,
      OperationDefaults.TypeDefaults defaults,
      RequestRules.Derivation derived) {
    JsonInput in = JsonInput.read(file, "plan file").check(JsonSchemas.PLAN);
    JsonNode root = in.root();
    Origin origin =
        field ->
            switch (field) {
              case "start_date", "end_date", "datasets" -> in.origin("").name(field);
              case "retry_backoff_seconds",
                  "rate_limit",
                  "conflict_strategy",
                  "concurrency",
                  "batch_size",
                  "max_retries" ->
                  in.origin("/spec").name(field);
              default -> in.origin("/spec/extra").name(field);
            };
    SourceId source = SourceId.parse(root.path("source").asText());
    LocalDate start = date(in, "/start_date");
    LocalDate end = date(in, "/end_date");
    List<String> names = new ArrayList<>();
    root.path("datasets").forEach(n -> names.add(n.asText()));
    JsonNode s = root.path("spec");
    Map<String, String> extra = new HashMap<>();
    s.path("extra").fields().forEachRemaining(e -> extra.put(e.getKey(), e.getValue().asText()));
    OperationSpec asked =
        new OperationSpec(
            source,
            start,
            end,
            names,
            s.path("concurrency").asInt(),
            s.path("batch_size").asInt(),
            s.has("max_retries") ? s.get("max_retries").asInt() : defaults.maxRetries(),
            s.hasNonNull("rate_limit") ? s.get("rate_limit").asDouble() : null,
            s.has("retry_backoff_seconds")
                ? s.get("retry_backoff_seconds").asDouble()
                : defaults.retryBackoffSeconds(),
            s.path("force").asBoolean(false),
            s.has("conflict_strategy")
                ? s.get("conflict_strategy").asText()
                : defaults.conflictStrategy(),
            LegacyExtra.read(OperationType.BACKFILL, extra));
    OperationSpec spec = RequestRules.check(asked, config, defaults, derived, origin);
    Map<String, Dataset> datasets = new HashMap<>();
    for (Dataset d : config.catalog().select(source, spec.datasets())) {
      datasets.put(d.name(), d);
    }
    List<TaskDraft> out = new ArrayList<>();
    Set<PartitionKey> seen = new HashSet<>();
    JsonNode parts = root.path("partitions");
    for (int i = 0; i < parts.size(); i++) {
      JsonNode p = parts.get(i);
      String at = "/partitions/" + i;
      Dataset d = datasets.get(p.path("dataset").asText());
      if (d == null) {
        throw in.bad(
            at + "/dataset",
            "dataset '"
                + p.path("dataset").asText()
                + "' is not in the plan's datasets "
                + spec.datasets());
      }
      LocalDate period = date(in, at + "/period");
      if (period.isAfter(end) || (period.isBefore(start) && !d.frequency().monthlyPartitions())) {
        throw in.bad(at + "/period", "period " + period + " is outside " + start + ".." + end);
      }
      PartitionKey key = new PartitionKey(source, d.name(), period);
      if (!seen.add(key)) {
        // Listed twice: once is enough (duplicates in lists are removed, never run twice).
        continue;
      }
      Long head = p.hasNonNull("head_version_id") ? p.get("head_version_id").asLong() : null;
      out.add(new TaskDraft(key, null, head));
    }
    return new Loaded(
        spec, List.copyOf(out), root.path("summary").path("already_covered").asInt(0));
  }

  private static LocalDate date(JsonInput in, String pointer) {
    String text = in.root().at(pointer).asText();
    try {
      return LocalDate.parse(text);
    } catch (DateTimeException e) {
      throw in.bad(pointer, "'" + text + "' is not a date (YYYY-MM-DD)");
    }
  }
}
