package io.aurum.app.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aurum.core.engine.RunnerLiveness;
import io.aurum.core.model.Operation;
import io.aurum.core.model.OperationProgress;
import io.aurum.core.model.TaskState;
import io.aurum.core.ops.OperationService;
import io.aurum.core.port.Store;
import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * The command line's JSON documents for other entry points ({@code aurum serve}): the same views,
 * so a response matches the schema of docs/schemas that the command's {@code --format json} does.
 */
public final class ApiViews {
  private ApiViews() {}

  /** One row of {@code aurum ops list --format json} (docs/schemas/ops-list.schema.json). */
  public static ObjectNode operationRow(
      Operation op, OperationProgress p, RunnerLiveness.Stall stall) {
    ObjectNode o =
        StatusView.JSON
            .createObjectNode()
            .put("operation_id", op.id())
            .put("type", Output.name(op.type()))
            .put("source", op.source().cliName())
            .put("state", StatusView.shownState(op, stall))
            .put("tasks", p.total())
            .put("succeeded", p.count(TaskState.SUCCEEDED))
            .put("records", p.counters().records());
    if (stall != null) {
      o.put("host", stall.owner() == null ? null : stall.owner().host());
      if (stall.owner() != null) {
        o.put("pid", stall.owner().pid());
      }
      if (stall.heartbeatAge() != null) {
        o.put("heartbeat_age_seconds", stall.heartbeatAge().toSeconds());
      }
    }
    return o;
  }

  /** {@code aurum status --format json} (docs/schemas/status.schema.json). */
  public static String status(OperationService.Status s, Store store) {
    StringWriter w = new StringWriter();
    StatusView.render(s, store, "json", new PrintWriter(w));
    return w.toString();
  }

  /** {@code aurum backfill --dry-run --format json} (docs/schemas/plan.schema.json). */
  public static String plan(
      io.aurum.core.model.OperationSpec spec,
      io.aurum.core.plan.Planner.Plan plan,
      io.aurum.core.config.AurumConfig config) {
    StringWriter w = new StringWriter();
    PlanView.render(spec, plan, config, "json", new PrintWriter(w));
    return w.toString();
  }

  /** An enum value or state as every format prints it: lower case. */
  public static String name(Object value) {
    return Output.name(value);
  }
}
