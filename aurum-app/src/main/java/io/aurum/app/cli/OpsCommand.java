package io.aurum.app.cli;

import io.aurum.app.wiring.AppContext;
import io.aurum.app.wiring.Locations;
import io.aurum.core.engine.RunnerLiveness;
import io.aurum.core.model.Operation;
import io.aurum.core.model.OperationProgress;
import io.aurum.core.model.OperationState;
import io.aurum.core.model.TaskState;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code aurum ops list}: the operations, active ones by default (runbook 5.1.1). */
@Command(
    name = "ops",
    mixinStandardHelpOptions = true,
    description = "List operations.",
    subcommands = OpsCommand.List.class)
public final class OpsCommand {

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List operations (active ones unless --all).")
  public static final class List implements Callable<Integer> {
    static final String[] FORMATS = {"table", "json", "ndjson", "csv", "markdown"};

    private final CliContext cli;
    @Mixin CommonOptions common;

    @Option(names = "--all", description = "Include finished operations.")
    boolean all;

    @Option(
        names = "--stalled",
        description =
            "Only RUNNING operations whose process is gone (shown STALLED; the default list of"
                + " active operations includes them).")
    boolean stalled;

    @Mixin FormatOption formats;

    public List(CliContext cli) {
      this.cli = cli;
    }

    @Override
    public Integer call() {
      Logging.configure(common.logLevel());
      String format = formats.of(FORMATS);
      try (AppContext app = AppContext.open(cli, () -> Locations.resolve(common, cli))) {
        var arr = StatusView.JSON.createArrayNode();
        Render.Table table =
            Render.Table.of(
                "operation_id",
                "type",
                "source",
                "state",
                "succeeded",
                "tasks",
                "records",
                "stall");
        if (app.existingStore().isEmpty()) {
          if (format.equals("table")) {
            cli.out().println("no operations yet");
            cli.out().flush();
            return 0;
          }
        } else {
          rows(app, arr, table);
        }
        if (format.equals("json")) {
          cli.out().println(arr.toPrettyString());
          cli.out().flush();
        } else if (format.equals("ndjson")) {
          Render.ndjson(arr, cli.out());
        } else {
          Render.print(format, table, cli.out());
        }
        return 0;
      }
    }

    private void rows(
        AppContext app, com.fasterxml.jackson.databind.node.ArrayNode arr, Render.Table table) {
      Set<OperationState> states =
          all
              ? Set.of()
              : EnumSet.of(OperationState.PLANNED, OperationState.RUNNING, OperationState.PAUSED);
      java.util.List<Operation> ops = app.store().operations().list(states);
      var control = app.control();
      for (Operation op : ops) {
        OperationProgress p = app.store().operations().progress(op.id());
        RunnerLiveness.Stall stall = control.stall(op).orElse(null);
        if (stalled && stall == null) {
          continue;
        }
        table.row(
            op.id(),
            Output.name(op.type()),
            op.source().cliName(),
            StatusView.shownState(op, stall),
            p.count(TaskState.SUCCEEDED),
            p.total(),
            p.counters().records(),
            stall == null ? null : stall.describe());
        arr.add(ApiViews.operationRow(op, p, stall));
      }
    }
  }
}
