package io.aurum.app.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aurum.app.wiring.Machine;
import io.aurum.core.error.AurumException;
import io.aurum.core.health.Capacity;
import java.util.Locale;
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
    String f = formats.of("table", "json");
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
    } else {
      cli.out()
          .printf(
              Locale.ROOT,
              "cpu:    need %.2f, have %d -> %s%n",
              cpu,
              r.available().cpus(),
              r.cpuFits() ? "ok" : "SHORT");
      cli.out()
          .printf(
              "memory: need %s, have %s total (%s free) -> %s%n",
              Format.bytes(mem),
              Format.bytes(r.available().totalMemory()),
              Format.bytes(r.available().freeMemory()),
              r.memoryFits() ? "ok" : "SHORT");
      if (!r.note().isEmpty()) {
        cli.out().println(r.note());
      }
      cli.out().println(r.fits() ? "fits" : "does not fit");
      cli.out().flush();
    }
    return r.fits() ? 0 : 5;
  }
}
