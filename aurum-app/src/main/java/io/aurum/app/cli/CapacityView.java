package io.aurum.app.cli;

import io.aurum.core.health.Capacity;
import java.io.PrintWriter;
import java.util.Locale;

/** How {@code capacity} shows what an operation needs against what this machine has. */
final class CapacityView {
  private CapacityView() {}

  /** One row per resource: need, have, free (memory only, in bytes) and whether it fits. */
  static Render.Table table(Capacity.Result r) {
    return Render.Table.of("resource", "need", "have", "free", "fits")
        .row("cpu", new Render.Fixed(r.requiredCpu(), 2), r.available().cpus(), null, r.cpuFits())
        .row(
            "memory",
            r.requiredMemory(),
            r.available().totalMemory(),
            r.available().freeMemory(),
            r.memoryFits());
  }

  /** The comparison as lines a person reads, then the note and the verdict. */
  static void print(Capacity.Result r, PrintWriter out) {
    out.printf(
        Locale.ROOT,
        "cpu:    need %.2f, have %d -> %s%n",
        r.requiredCpu(),
        r.available().cpus(),
        r.cpuFits() ? "ok" : "SHORT");
    out.printf(
        "memory: need %s, have %s total (%s free) -> %s%n",
        Format.bytes(r.requiredMemory()),
        Format.bytes(r.available().totalMemory()),
        Format.bytes(r.available().freeMemory()),
        r.memoryFits() ? "ok" : "SHORT");
    if (!r.note().isEmpty()) {
      out.println(r.note());
    }
    out.println(r.fits() ? "fits" : "does not fit");
    out.flush();
  }
}
