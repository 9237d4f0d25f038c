package io.aurum.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aurum.core.engine.RunnerLiveness;
import io.aurum.core.error.AurumException;
import io.aurum.core.model.Counters;
import io.aurum.core.model.Operation;
import io.aurum.core.model.Task;
import io.aurum.core.model.TaskState;
import io.aurum.core.ops.OperationService;
import io.aurum.core.port.Store;
import java.io.PrintWriter;
import java.util.List;
import java.util.Set;

/** Renders an operation's status as a table or JSON. */
final class StatusView {
  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private StatusView() {}

  static final String WAITING = "WAITING_FOR_QUOTA until ";

  /**
   * The state to show, in lower case like every enum value printed: a running operation whose owner
   * process is gone shows stalled, one whose tasks wait for the quota waiting_for_quota.
   */
  static String shownState(Operation op, RunnerLiveness.Stall stall) {
    if (stall != null) {
      return Output.name(OperationService.STALLED);
    }
    return Output.name(waitingUntil(op) != null ? "WAITING_FOR_QUOTA" : op.state());
  }

  /** How to continue an operation whose owner is gone. */
  static String stallHint(Operation op, RunnerLiveness.Stall stall) {
    return stall.describe()
        + "; take it over with "
        + resumeCommand(op)
        + (stall.provablyDead() || stall.owner() == null
            ? ""
            : " (from another host: after the lease)");
  }

  /** The command that resumes the operation, as its verb spells it. */
  static String resumeCommand(Operation op) {
    return op.type() == io.aurum.core.model.OperationType.BACKFILL
        ? "aurum backfill --resume --job-id " + op.id()
        : "aurum resume --job-id " + op.id();
  }

  /**
   * Why a running operation waits for the quota (429 hold, spent window, open breaker), or null.
   */
  static String waitingFor(Operation op) {
    if (waitingUntil(op) == null) {
      return null;
    }
    String e = op.lastError();
    int end = e.indexOf(": ", WAITING.length());
    return end < 0 ? null : e.substring(end + 2);
  }

  /** When a running operation waiting for the quota resumes, or null. */
  static String waitingUntil(Operation op) {
    String e = op.lastError();
    if (op.state() != io.aurum.core.model.OperationState.RUNNING
        || e == null
        || !e.startsWith(WAITING)) {
      return null;
    }
    int end = e.indexOf(": ", WAITING.length());
    return end < 0 ? e.substring(WAITING.length()) : e.substring(WAITING.length(), end);
  }

  static void render(OperationService.Status s, Store store, String format, PrintWriter out) {
    Operation op = s.operation();
    RunnerLiveness.Stall stall = s.stall();
    Counters c = s.progress().counters();
    List<Task> pending = store.tasks().list(op.id(), Set.of(TaskState.PENDING, TaskState.RUNNING));
    String resumePoint = pending.isEmpty() ? null : pending.get(0).partition().toString();
    List<Task> failed = store.tasks().list(op.id(), Set.of(TaskState.FAILED));
    switch (format == null ? "table" : format) {
      case "json" -> {
        ObjectNode n = JSON.createObjectNode();
        n.put("operation_id", op.id());
        n.put("type", Output.name(op.type()));
        n.put("source", op.source().cliName());
        n.put("state", shownState(op, stall));
        if (stall != null) {
          ObjectNode st = n.putObject("stalled");
          st.put("host", stall.owner() == null ? null : stall.owner().host());
          if (stall.owner() == null) {
            st.putNull("pid");
          } else {
            st.put("pid", stall.owner().pid());
          }
          st.put(
              "last_heartbeat_at",
              stall.lastHeartbeat() == null ? null : stall.lastHeartbeat().toString());
          if (stall.heartbeatAge() == null) {
            st.putNull("heartbeat_age_seconds");
          } else {
            st.put("heartbeat_age_seconds", stall.heartbeatAge().toSeconds());
          }
          st.put("process_gone", stall.provablyDead());
          st.put("resume", resumeCommand(op));
        }
        if (waitingUntil(op) != null) {
          n.put("resumes_at", waitingUntil(op));
          n.put("waiting_for", waitingFor(op));
        }
        n.put("priority", Output.name(op.priority()));
        n.put("reason", op.reason());
        n.put("created_at", op.createdAt().toString());
        n.put("updated_at", op.updatedAt().toString());
        n.put(
            "start_date", op.spec().startDate() == null ? null : op.spec().startDate().toString());
        n.put("end_date", op.spec().endDate() == null ? null : op.spec().endDate().toString());
        ObjectNode settings = n.putObject("settings");
        settings.put("concurrency", op.spec().concurrency());
        settings.put("batch_size", op.spec().batchSize());
        settings.put("max_retries", op.spec().maxRetries());
        settings.put(
            "rate_limit",
            op.spec().rateLimit() == null ? "auto" : op.spec().rateLimit().toString());
        settings.put("datasets", String.join(",", op.spec().datasets()));
        ObjectNode tasks = n.putObject("tasks");
        tasks.put("total", s.progress().total());
        for (TaskState t : TaskState.values()) {
          tasks.put(Output.name(t), s.progress().count(t));
        }
        n.put(
            "progress",
            s.progress().total() == 0
                ? 1.0
                : (double) s.progress().finished() / s.progress().total());
        ObjectNode counters = n.putObject("counters");
        counters.put("records", c.records());
        counters.put("api_calls", c.apiCalls());
        counters.put("bytes", c.bytes());
        counters.put("retries", c.retries());
        counters.put("errors", c.errors());
        n.put("resume_point", resumePoint);
        n.put("runner", op.runnerId());
        if (op.owner() != null) {
          n.putObject("owner")
              .put("host", op.owner().host())
              .put("pid", op.owner().pid())
              .put(
                  "process_start",
                  op.owner().processStart() == null ? null : op.owner().processStart().toString())
              .put(
                  "last_heartbeat_at",
                  op.runnerHeartbeatAt() == null ? null : op.runnerHeartbeatAt().toString());
        }
        n.put("last_error", op.lastError());
        var f = n.putArray("failed_tasks");
        for (Task t : failed) {
          f.addObject()
              .put("partition", t.partition().toString())
              .put("attempts", t.attempts())
              .put("error", t.lastError());
        }
        try {
          out.println(JSON.writeValueAsString(n));
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
      case "table" -> {
        out.printf("operation   %s%n", op.id());
        out.printf(
            "type        %s  source %s  priority %s%n",
            Output.name(op.type()), op.source().cliName(), Output.name(op.priority()));
        out.printf(
            "state       %s%s%n",
            shownState(op, stall),
            stall != null
                ? " (" + stallHint(op, stall) + ")"
                : waitingUntil(op) == null ? "" : " (resumes at " + waitingUntil(op) + ")");
        if (waitingFor(op) != null) {
          out.printf("waiting     %s%n", waitingFor(op));
        }
        out.printf(
            "settings    concurrency %d, batch size %d, max retries %d, rate limit %s, datasets %s%n",
            op.spec().concurrency(),
            op.spec().batchSize(),
            op.spec().maxRetries(),
            op.spec().rateLimit() == null ? "auto" : op.spec().rateLimit() + "/s",
            String.join(",", op.spec().datasets()));
        if (op.spec().startDate() != null) {
          out.printf("range       %s .. %s%n", op.spec().startDate(), op.spec().endDate());
        }
        out.printf(
            "tasks       %d total: %d succeeded, %d failed, %d pending, %d running, %d skipped, %d cancelled%n",
            s.progress().total(),
            s.progress().count(TaskState.SUCCEEDED),
            s.progress().count(TaskState.FAILED),
            s.progress().count(TaskState.PENDING),
            s.progress().count(TaskState.RUNNING),
            s.progress().count(TaskState.SKIPPED),
            s.progress().count(TaskState.CANCELLED));
        out.printf(
            "counters    %d records, %d API calls, %s, %d retries, %d errors%n",
            c.records(), c.apiCalls(), Format.bytes(c.bytes()), c.retries(), c.errors());
        if (resumePoint != null) {
          out.printf("resume at   %s%n", resumePoint);
        }
        if (op.reason() != null) {
          out.printf("reason      %s%n", op.reason());
        }
        for (Task t : failed) {
          out.printf(
              "failed      %s after %d attempt(s): %s%n",
              t.partition(), t.attempts(), t.lastError());
        }
      }
      default ->
          throw new AurumException.BadInput("unknown --format '" + format + "': use table or json");
    }
    out.flush();
  }
}
