package io.aurum.core.health;

import io.aurum.core.error.AurumException;
import java.util.Locale;

/**
 * {@code aurum capacity} (runbook §1.3.3, §2.3.2): compares what an operation needs with what this
 * machine has. Sizes accept Kubernetes-style units (8Gi, 512Mi, 2G); CPUs may be millicores (500m).
 */
public final class Capacity {
  private Capacity() {}

  /** What the machine has. */
  public record Available(int cpus, long totalMemory, long freeMemory, long freeDisk) {}

  /** The comparison; {@code fits} is false when CPUs or memory fall short. */
  public record Result(
      double requiredCpu,
      long requiredMemory,
      Double estimatedHours,
      Available available,
      boolean cpuFits,
      boolean memoryFits,
      String note) {
    public boolean fits() {
      return cpuFits && memoryFits;
    }
  }

  public static Result check(
      double requiredCpu, long requiredMemory, Double estimatedHours, Available a) {
    if (requiredCpu < 0 || requiredMemory < 0) {
      throw new AurumException.BadInput("required CPU and memory must not be negative");
    }
    if (estimatedHours != null && estimatedHours <= 0) {
      throw new AurumException.BadInput(
          v -> v.name("estimated_hours") + " must be above 0, got " + estimatedHours);
    }
    boolean cpu = requiredCpu <= a.cpus();
    boolean mem = requiredMemory <= a.totalMemory();
    String note =
        estimatedHours == null
            ? ""
            : String.format(
                Locale.ROOT,
                "%.1f CPU-hours over %.1f h; the machine stays %s for the duration",
                requiredCpu * estimatedHours,
                estimatedHours,
                cpu && mem ? "sufficient" : "short");
    return new Result(requiredCpu, requiredMemory, estimatedHours, a, cpu, mem, note);
  }

  /** Parses 8Gi, 512Mi, 2G, 1.5g, 1024 (bytes). */
  public static long parseSize(String text) {
    String t = text.trim();
    String lower = t.toLowerCase(Locale.ROOT);
    long mult = 1;
    String[][] units = {
      {"ki", "1024"}, {"mi", "1048576"}, {"gi", "1073741824"}, {"ti", "1099511627776"},
      {"k", "1000"}, {"m", "1000000"}, {"g", "1000000000"}, {"t", "1000000000000"}
    };
    String digits = lower;
    for (String[] u : units) {
      String suffix = lower.endsWith(u[0] + "b") ? u[0] + "b" : lower.endsWith(u[0]) ? u[0] : null;
      if (suffix != null) {
        mult = Long.parseLong(u[1]);
        digits = lower.substring(0, lower.length() - suffix.length());
        break;
      }
    }
    try {
      double v = Double.parseDouble(digits);
      if (v < 0 || Double.isNaN(v)) {
        throw new NumberFormatException();
      }
      return (long) (v * mult);
    } catch (NumberFormatException e) {
      throw new AurumException.BadInput("'" + text + "' is not a size: use e.g. 8Gi, 512Mi or 2G");
    }
  }

  /** Parses 4, 0.5 or 500m (millicores). */
  public static double parseCpu(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    try {
      double v =
          t.endsWith("m")
              ? Double.parseDouble(t.substring(0, t.length() - 1)) / 1000
              : Double.parseDouble(t);
      if (v < 0 || Double.isNaN(v)) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      throw new AurumException.BadInput("'" + text + "' is not a CPU count: use e.g. 4 or 500m");
    }
  }
}
