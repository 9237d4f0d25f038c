package io.aurum.app.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aurum.app.wiring.Machine;
import io.aurum.core.error.AurumException;
import io.aurum.core.health.Capacity;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code aurum capacity} (runbook §1.3.3, §2.3.2): does the operation fit this machine. */
@Command(
    name = "capacity",
    mixinStandardHelpOptions = true,
    description = "Compare required CPU and memory with this machine; exit 5 when it does not fit.")
public final class CapacityCommand implements Callable<Integer> {
  private final CliContext cli;
  @Mixin CommonOptions common;

  @Option(names = "--required-memory", paramLabel = "SIZE", description = "e.g. 8Gi, 512Mi.")
  String requiredMemory;

  @Option(names = "--required-cpu", paramLabel = "N", description = "CPUs, e.g. 4 or 500m.")
  String requiredCpu;

  @Option(names = "--estimated-hours", paramLabel = "H")
  Double estimatedHours;

  @Mixin FormatOption formats;

  String format = "table";

  public CapacityCommand(CliContext cli) {
    this.cli = cli;
  }

  @Override
  public Integer call() {
    Logging.configure(common.logLevel());
    String f = formats.of("table", "json", "csv", "markdown");
    if (requiredMemory == null && requiredCpu == null) {
      throw new AurumException.BadInput("capacity needs --required-memory and/or --required-cpu");
    }
    long mem = requiredMemory == null ? 0 : Capacity.parseSize(requiredMemory);
    double cpu = requiredCpu == null ? 0 : Capacity.parseCpu(requiredCpu);
    Capacity.Result r = Capacity.check(cpu, mem, estimatedHours, Machine.capacity(common, cli));
    if (f.equals("json")) {
      ObjectNode n = Output.tree(r);
      n.put("fits", r.fits());
      Output.json(n, cli.out());
    } else if (f.equals("table")) {
      CapacityView.print(r, cli.out());
    } else {
      Render.print(f, CapacityView.table(r), cli.out());
    }
    return r.fits() ? 0 : 5;
  }
}
