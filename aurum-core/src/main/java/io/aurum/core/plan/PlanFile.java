package io.aurum.core.plan;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aurum.core.config.DatasetCatalog;
import io.aurum.core.error.AurumException;
import io.aurum.core.model.Dataset;
import io.aurum.core.model.OperationSpec;
import io.aurum.core.model.PartitionKey;
import io.aurum.core.model.SourceId;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
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
 * everything (JSON syntax with line and column, known source and datasets, periods in range), so a
 * bad file is bad input before anything is written.
 */
public final class PlanFile {
  public static final String FORMAT = "aurum-plan/1";
  private static final ObjectMapper JSON = new ObjectMapper();

  private PlanFile() {}

  /** A plan read back: the spec it was made with and the plan itself. */
  public record Loaded(OperationSpec spec, Planner.Plan plan) {}

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
      for (Map.Entry<String, String> e : new java.util.TreeMap<>(spec.extra()).entrySet()) {
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

  public static Loaded read(Path file, DatasetCatalog catalog) {
    JsonNode root;
    try {
      root = JSON.readTree(Files.readAllBytes(file));
    } catch (NoSuchFileException e) {
      throw new AurumException.NotFound("plan file " + file + " does not exist");
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      throw new AurumException.BadInput(
          "plan file "
              + file
              + " is not valid JSON"
              + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr())
              + ": "
              + e.getOriginalMessage());
    } catch (IOException e) {
      throw new AurumException.BadInput("cannot read plan file " + file + ": " + e.getMessage());
    }
    if (root == null || !root.isObject() || !FORMAT.equals(root.path("format").asText())) {
      throw bad(file, "is not an Aurum plan (expected \"format\": \"" + FORMAT + "\")");
    }
    try {
      SourceId source = SourceId.parse(root.path("source").asText(null));
      LocalDate start = LocalDate.parse(root.path("start_date").asText());
      LocalDate end = LocalDate.parse(root.path("end_date").asText());
      if (end.isBefore(start)) {
        throw bad(file, "end_date " + end + " is before start_date " + start);
      }
      List<String> names = new ArrayList<>();
      root.path("datasets").forEach(n -> names.add(n.asText()));
      Map<String, Dataset> datasets = new HashMap<>();
      for (Dataset d : catalog.select(source, names)) {
        datasets.put(d.name(), d);
      }
      JsonNode s = root.path("spec");
      Map<String, String> extra = new HashMap<>();
      s.path("extra").fields().forEachRemaining(e -> extra.put(e.getKey(), e.getValue().asText()));
      OperationSpec spec =
          new OperationSpec(
              source,
              start,
              end,
              List.copyOf(names),
              positive(file, s, "concurrency"),
              positive(file, s, "batch_size"),
              s.path("max_retries").asInt(OperationSpec.DEFAULT_MAX_RETRIES),
              s.hasNonNull("rate_limit") ? s.get("rate_limit").asDouble() : null,
              s.path("retry_backoff_seconds").asDouble(OperationSpec.DEFAULT_RETRY_BACKOFF_SECONDS),
              s.path("force").asBoolean(false),
              s.path("conflict_strategy").asText("latest_wins"),
              extra);
      JsonNode parts = root.path("partitions");
      if (!parts.isArray()) {
        throw bad(file, "needs a \"partitions\" array");
      }
      List<Planner.PlannedPartition> out = new ArrayList<>(parts.size());
      Set<PartitionKey> seen = new HashSet<>();
      long requests = 0;
      long records = 0;
      int i = 0;
      for (JsonNode p : parts) {
        i++;
        String where = "partitions[" + (i - 1) + "]";
        Dataset d = datasets.get(p.path("dataset").asText());
        if (d == null) {
          throw bad(
              file,
              where
                  + ": dataset '"
                  + p.path("dataset").asText()
                  + "' is not in the plan's datasets");
        }
        LocalDate period = LocalDate.parse(p.path("period").asText());
        if (period.isAfter(end) || (period.isBefore(start) && !d.frequency().monthlyPartitions())) {
          throw bad(file, where + ": period " + period + " is outside " + start + ".." + end);
        }
        PartitionKey key = new PartitionKey(source, d.name(), period);
        if (!seen.add(key)) {
          throw bad(file, where + ": partition " + key + " is listed twice");
        }
        int req = p.path("requests").asInt(1);
        int rows = p.path("records").asInt(d.expectedRows(key));
        Long head = p.hasNonNull("head_version_id") ? p.get("head_version_id").asLong() : null;
        // The file's "window" is for the reader: the run groups the partitions again.
        out.add(new Planner.PlannedPartition(key, head, req, rows));
        requests += req;
        records += rows;
      }
      JsonNode sum = root.path("summary");
      Planner.Plan plan =
          new Planner.Plan(
              List.copyOf(out),
              sum.path("already_covered").asInt(0),
              requests,
              records,
              sum.path("effective_rate_per_second").asDouble(0),
              sum.path("rate_bound").asText("quota"),
              Duration.ofMillis(
                  (long) (sum.path("estimated_duration_seconds").asDouble(0) * 1000)));
      return new Loaded(spec, plan);
    } catch (DateTimeException e) {
      throw bad(file, "has a date that is not YYYY-MM-DD: " + e.getMessage());
    } catch (AurumException.BadInput e) {
      if (e.getMessage().startsWith("plan file")) {
        throw e;
      }
      throw bad(file, e.getMessage());
    }
  }

  private static int positive(Path file, JsonNode spec, String field) {
    int v = spec.path(field).asInt(0);
    if (v <= 0) {
      throw bad(file, "spec." + field + " must be above 0");
    }
    return v;
  }

  private static AurumException.BadInput bad(Path file, String what) {
    return new AurumException.BadInput("plan file " + file + " " + what);
  }
}
