package io.aurum.app.wiring;

import io.aurum.app.cli.CliContext;
import io.aurum.app.cli.CommonOptions;
import io.aurum.core.health.Capacity;
import io.aurum.core.health.SystemHealth;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/** What this machine has: CPUs, physical memory, disk under the data directory. */
public final class Machine {
  private Machine() {}

  public static Capacity.Available capacity(CommonOptions common, CliContext cli) {
    SystemHealth.Machine m = measure(Locations.resolve(common, cli).home());
    return new Capacity.Available(
        Runtime.getRuntime().availableProcessors(), m.totalMemory(), m.freeMemory(), m.freeDisk());
  }

  public static SystemHealth.Machine measure(Path home) {
    long total = 0;
    long free = 0;
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      total = os.getTotalMemorySize();
      free = os.getFreeMemorySize();
    }
    long diskFree = 0;
    long diskTotal = 0;
    Path p = home.toAbsolutePath();
    while (p != null && !Files.exists(p)) {
      p = p.getParent();
    }
    if (p != null) {
      try {
        FileStore fs = Files.getFileStore(p);
        diskFree = fs.getUsableSpace();
        diskTotal = fs.getTotalSpace();
      } catch (IOException e) {
        // Unknown sizes are reported as such.
      }
    }
    return new SystemHealth.Machine(diskFree, diskTotal, free, total);
  }
}
