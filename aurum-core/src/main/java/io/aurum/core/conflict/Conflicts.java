package io.aurum.core.conflict;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aurum.core.error.AurumException;
import io.aurum.core.error.NextStep;
import io.aurum.core.model.Checksums;
import io.aurum.core.model.ConflictStrategy;
import io.aurum.core.model.Dataset;
import io.aurum.core.model.Head;
import io.aurum.core.model.Observation;
import io.aurum.core.model.Operation;
import io.aurum.core.model.OperationState;
import io.aurum.core.model.PartitionKey;
import io.aurum.core.model.PartitionVersion;
import io.aurum.core.model.SourceId;
import io.aurum.core.model.Task;
import io.aurum.core.model.TaskState;
import io.aurum.core.model.VersionState;
import io.aurum.core.port.Store;
import io.aurum.core.publish.PublishDecision;
import io.aurum.core.publish.PublishDecision.Decision;
import io.aurum.core.replay.HourWindows;
import io.aurum.core.request.JsonInput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Runbook §3.5.1: value-level conflicts between a partition's head and its candidate version, the
 * operations overlapping on a partition, and their resolution by a strategy. Stateless;
 * thread-safe.
 */
public final class Conflicts {
  static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(JsonParser.Feature.ALLOW_COMMENTS)
          .enable(SerializationFeature.INDENT_OUTPUT);

  private final Store store;

  public Conflicts(Store store) {
    this.store = store;
  }

  /** One value that differs: null on a side where the observation is absent. */
  public record Difference(String series, Instant period, Double head, Double candidate) {}

  /** A partition whose head and candidate differ, value by value. */
  public record Conflict(
      PartitionKey partition,
      PartitionVersion head,
      PartitionVersion candidate,
      List<Difference> differences) {}

  /** Operations that wrote versions of a partition, and operations with pending tasks on it. */
  public record Overlap(PartitionKey partition, List<String> wrote, List<String> pending) {}

  public record Report(
      SourceId source,
      LocalDate date,
      String hours,
      List<Conflict> conflicts,
      List<Overlap> overlaps) {
    public int differences() {
      return conflicts.stream().mapToInt(c -> c.differences().size()).sum();
    }
  }

  /**
   * The candidate of a partition: the latest QUARANTINED or STAGED version, or when there is none
   * the published version the head replaced.
   */
  static Optional<PartitionVersion> candidate(List<PartitionVersion> versions, Long headId) {
    PartitionVersion pending = null;
    PartitionVersion previous = null;
    PartitionVersion head = null;
    for (PartitionVersion v : versions) {
      if (v.state() == VersionState.QUARANTINED || v.state() == VersionState.STAGED) {
        pending = v;
      }
      if (Objects.equals(v.id(), headId)) {
        head = v;
      }
    }
    if (pending != null) {
      return Optional.of(pending);
    }
    for (PartitionVersion v : versions) {
      if (v.state() == VersionState.SUPERSEDED
          && (head == null || v.versionNo() < head.versionNo())) {
        previous = v;
      }
    }
    return Optional.ofNullable(previous);
  }

  public Report detect(SourceId source, List<Dataset> datasets, LocalDate date, String hoursText) {
    List<Integer> hours = hoursText == null ? null : HourWindows.parseHours(hoursText);
    List<Conflict> conflicts = new ArrayList<>();
    List<Overlap> overlaps = new ArrayList<>();
    Map<String, List<Task>> pendingByOp = pendingTasks(source);
    for (Dataset d : datasets) {
      PartitionKey key = new PartitionKey(source, d.name(), date);
      Set<Instant> window =
          hours == null ? null : new HashSet<>(HourWindows.instants(date, d.zone(), hours));
      List<PartitionVersion> versions = store.versions().versions(key);
      Optional<Head> head = store.versions().head(key);
      Long headId = head.map(Head::versionId).orElse(null);
      PartitionVersion headVersion =
          versions.stream().filter(v -> Objects.equals(v.id(), headId)).findFirst().orElse(null);
      Optional<PartitionVersion> cand = candidate(versions, headId);
      if (cand.isPresent()) {
        List<Difference> diff =
            diff(
                headVersion == null ? List.of() : store.versions().observations(headVersion.id()),
                store.versions().observations(cand.get().id()),
                window);
        if (!diff.isEmpty()) {
          conflicts.add(new Conflict(key, headVersion, cand.get(), diff));
        }
      }
      Set<String> wrote = new LinkedHashSet<>();
      versions.stream()
          .filter(v -> v.state() != VersionState.DISCARDED && v.operationId() != null)
          .forEach(v -> wrote.add(v.operationId()));
      List<String> pending = new ArrayList<>();
      pendingByOp.forEach(
          (op, tasks) -> {
            if (tasks.stream().anyMatch(t -> t.partition().equals(key))) {
              pending.add(op);
            }
          });
      if (wrote.size() + pending.size() > 1) {
        overlaps.add(new Overlap(key, List.copyOf(wrote), pending));
      }
    }
    return new Report(source, date, hoursText, conflicts, overlaps);
  }

  private Map<String, List<Task>> pendingTasks(SourceId source) {
    Map<String, List<Task>> out = new LinkedHashMap<>();
    for (Operation op :
        store
            .operations()
            .list(
                EnumSet.of(
                    OperationState.PLANNED, OperationState.RUNNING, OperationState.PAUSED))) {
      if (op.source() == source) {
        out.put(
            op.id(), store.tasks().list(op.id(), EnumSet.of(TaskState.PENDING, TaskState.RUNNING)));
      }
    }
    return out;
  }

  public static List<Difference> diff(
      List<Observation> head, List<Observation> candidate, Set<Instant> window) {
    Map<String, Observation> a = new LinkedHashMap<>();
    head.forEach(o -> a.put(o.seriesId() + "\t" + o.period(), o));
    Map<String, Observation> b = new LinkedHashMap<>();
    candidate.forEach(o -> b.put(o.seriesId() + "\t" + o.period(), o));
    Set<String> keys = new java.util.TreeSet<>(a.keySet());
    keys.addAll(b.keySet());
    List<Difference> out = new ArrayList<>();
    for (String k : keys) {
      Observation x = a.get(k);
      Observation y = b.get(k);
      Observation any = x != null ? x : y;
      if (window != null && !window.contains(any.period())) {
        continue;
      }
      if (x != null && y != null && x.value() == y.value() && Objects.equals(x.unit(), y.unit())) {
        continue;
      }
      out.add(
          new Difference(
              any.seriesId(),
              any.period(),
              x == null ? null : x.value(),
              y == null ? null : y.value()));
    }
    return out;
  }

  // ---- the conflict file ----------------------------------------------------------------------

  public static ObjectNode toJson(Report r) {
    ObjectNode root = JSON.createObjectNode();
    root.put("source", r.source().cliName());
    root.put("date", r.date().toString());
    if (r.hours() != null) {
      root.put("hours", r.hours());
    }
    root.put("conflict_count", r.conflicts().size());
    root.put("difference_count", r.differences());
    ArrayNode cs = root.putArray("conflicts");
    for (Conflict c : r.conflicts()) {
      ObjectNode n = cs.addObject();
      n.put("source", c.partition().source().cliName());
      n.put("dataset", c.partition().dataset());
      n.put("period", c.partition().period().toString());
      version(n.putObject("head"), c.head());
      version(n.putObject("candidate"), c.candidate());
      ArrayNode ds = n.putArray("differences");
      for (Difference d : c.differences()) {
        ObjectNode x = ds.addObject();
        x.put("series", d.series());
        x.put("period", d.period().toString());
        if (d.head() == null) {
          x.putNull("head_value");
        } else {
          x.put("head_value", d.head());
        }
        if (d.candidate() == null) {
          x.putNull("candidate_value");
        } else {
          x.put("candidate_value", d.candidate());
        }
      }
    }
    ArrayNode os = root.putArray("overlapping_operations");
    for (Overlap o : r.overlaps()) {
      ObjectNode n = os.addObject();
      n.put("partition", o.partition().toString());
      o.wrote().forEach(n.putArray("wrote_versions")::add);
      o.pending().forEach(n.putArray("pending_tasks")::add);
    }
    return root;
  }

  private static void version(ObjectNode n, PartitionVersion v) {
    if (v == null) {
      n.putNull("version_id");
      return;
    }
    n.put("version_id", v.id());
    n.put("version_no", v.versionNo());
    n.put("state", v.state().name().toLowerCase(java.util.Locale.ROOT));
    n.put("operation_id", v.operationId());
    n.put("quality_score", v.qualityScore());
    n.put("checksum", v.checksum());
  }

  public static void write(Report r, Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      Path tmp = parent.resolve(file.getFileName() + ".tmp");
      JSON.writeValue(tmp.toFile(), toJson(r));
      Files.move(
          tmp,
          file,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the conflict file " + file, e);
    }
  }

  /** What the file asks to resolve: a partition, the head it saw and the candidate. */
  public record Entry(PartitionKey partition, Long headVersionId, long candidateVersionId) {}

  /** Reads a conflict file; a malformed one is exit 2 with {@code file:line:column}. */
  public static List<Entry> read(Path file) {
    JsonNode root =
        JsonInput.readWritten(file, JSON, "no conflict file " + file, NextStep.writeConflictFile());
    if (root == null || !root.path("conflicts").isArray()) {
      throw new AurumException.BadInput(
          v ->
              file
                  + ":1:1: expected a conflict file from "
                  + v.step(NextStep.writeConflictFile())
                  + " (no \"conflicts\" array)");
    }
    List<Entry> out = new ArrayList<>();
    int i = 0;
    for (JsonNode c : root.get("conflicts")) {
      try {
        PartitionKey key =
            new PartitionKey(
                SourceId.parse(c.path("source").asText()),
                require(c, "dataset").asText(),
                LocalDate.parse(require(c, "period").asText()));
        JsonNode head = c.path("head").path("version_id");
        JsonNode cand = require(c.path("candidate"), "version_id");
        out.add(new Entry(key, head.isNumber() ? head.asLong() : null, cand.asLong()));
      } catch (RuntimeException e) {
        throw new AurumException.BadInput(
            file + ": conflicts[" + i + "]: " + e.getMessage().replace('\n', ' '));
      }
      i++;
    }
    return out;
  }

  private static JsonNode require(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      throw new IllegalArgumentException("missing \"" + field + "\"");
    }
    return v;
  }

  // ---- resolution ------------------------------------------------------------------------------

  /** What resolution did to one partition. */
  public record Outcome(PartitionKey partition, String action, Long headVersionId) {}

  /**
   * Applies a strategy to every entry. Every entry is checked first (head unchanged, candidate
   * still resolvable, checksum of its rows verified), so a stale file writes nothing.
   */
  public List<Outcome> resolve(List<Entry> entries, ConflictStrategy strategy, String actor) {
    record Plan(Entry e, PartitionVersion head, PartitionVersion cand, Decision decision) {}
    List<Plan> plans = new ArrayList<>();
    for (Entry e : entries) {
      PartitionVersion cand =
          store
              .versions()
              .version(e.candidateVersionId())
              .orElseThrow(
                  () ->
                      new AurumException.NotFound(
                          "no version id " + e.candidateVersionId() + " for " + e.partition()));
      Long current = store.versions().head(e.partition()).map(Head::versionId).orElse(null);
      PartitionVersion head =
          current == null ? null : store.versions().version(current).orElse(null);
      Decision decision =
          PublishDecision.decide(
              PublishDecision.Candidate.contested(cand, e.headVersionId()),
              head != null ? PublishDecision.Current.of(head) : PublishDecision.Current.of(current),
              strategy);
      if (decision instanceof Decision.HeadMoved) {
        throw new AurumException.IllegalStateChange(
            "the head of "
                + e.partition()
                + " is version id "
                + current
                + ", not "
                + e.headVersionId()
                + " as when the conflict was detected: run aurum conflicts detect again");
      }
      if (cand.state() != VersionState.QUARANTINED
          && cand.state() != VersionState.STAGED
          && cand.state() != VersionState.SUPERSEDED) {
        throw new AurumException.IllegalStateChange(
            "candidate version id "
                + cand.id()
                + " of "
                + e.partition()
                + " is already "
                + cand.state());
      }
      if (cand.state() == VersionState.STAGED) {
        // A staged version of a live operation may still be receiving rows: settle it after.
        store
            .operations()
            .find(cand.operationId())
            .ifPresent(
                op -> {
                  if (op.state() == io.aurum.core.model.OperationState.RUNNING
                      || op.state() == io.aurum.core.model.OperationState.PLANNED) {
                    throw new AurumException.IllegalStateChange(
                        "candidate version id "
                            + cand.id()
                            + " of "
                            + e.partition()
                            + " is still being written by "
                            + op.id()
                            + " ("
                            + op.state()
                            + "): pause or cancel it, or wait for it to end, then resolve");
                  }
                });
      }
      plans.add(new Plan(e, head, cand, decision));
    }
    List<Outcome> out = new ArrayList<>();
    for (Plan p : plans) {
      boolean pending =
          p.cand().state() == VersionState.QUARANTINED || p.cand().state() == VersionState.STAGED;
      String detail =
          "{\"strategy\":\""
              + strategy.name().toLowerCase(java.util.Locale.ROOT)
              + "\",\"partition\":\""
              + p.e().partition()
              + "\",\"head\":"
              + (p.head() == null ? "null" : p.head().id())
              + ",\"candidate\":"
              + p.cand().id();
      if (p.decision() instanceof Decision.Conflict) {
        out.add(
            new Outcome(
                p.e().partition(),
                "decide: keep head v"
                    + (p.head() == null ? "-" : p.head().versionNo())
                    + " ("
                    + (p.head() == null
                        ? "none"
                        : p.head().operationId() + ", quality " + p.head().qualityScore())
                    + ") or take v"
                    + p.cand().versionNo()
                    + " ("
                    + p.cand().state()
                    + ", "
                    + p.cand().operationId()
                    + ", quality "
                    + p.cand().qualityScore()
                    + "): rerun with latest_wins, keep_existing or highest_quality",
                p.head() == null ? null : p.head().id()));
      } else if (p.decision() instanceof Decision.Publish) {
        List<Observation> rows = store.versions().observations(p.cand().id());
        String sum = Checksums.of(rows);
        if (p.cand().checksum() != null && !p.cand().checksum().equals(sum)) {
          throw new AurumException.ValidationFailed(
              "version id "
                  + p.cand().id()
                  + " of "
                  + p.e().partition()
                  + ": rows checksum "
                  + sum
                  + " differs from the recorded "
                  + p.cand().checksum()
                  + "; nothing more was resolved");
        }
        long id =
            store
                .versions()
                .promote(
                    p.cand().id(),
                    p.e().headVersionId(),
                    sum,
                    rows.size(),
                    actor,
                    detail + ",\"action\":\"promoted\"}");
        out.add(
            new Outcome(
                p.e().partition(),
                "candidate v" + p.cand().versionNo() + " published as version id " + id,
                id));
      } else if (pending) {
        store.versions().discard(p.cand().id(), actor, detail + ",\"action\":\"discarded\"}");
        out.add(
            new Outcome(
                p.e().partition(),
                "kept the head; candidate v" + p.cand().versionNo() + " DISCARDED",
                p.head() == null ? null : p.head().id()));
      } else {
        store
            .audit()
            .append(
                actor,
                p.cand().operationId(),
                "conflict.resolved",
                detail + ",\"action\":\"kept\"}");
        out.add(
            new Outcome(
                p.e().partition(),
                "kept the head (candidate v"
                    + p.cand().versionNo()
                    + " stays "
                    + p.cand().state()
                    + ")",
                p.head() == null ? null : p.head().id()));
      }
    }
    return out;
  }
}
