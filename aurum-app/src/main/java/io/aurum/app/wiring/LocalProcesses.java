package io.aurum.app.wiring;

import io.aurum.core.model.RunnerOwner;
import io.aurum.core.port.HostProcesses;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * This host's processes, from {@link ProcessHandle}: the owner recorded on an operation this
 * process runs, and whether the owner of another one still runs. The host name is the kernel's
 * ({@code /proc/sys/kernel/hostname}), or the resolver's where there is no /proc. Thread-safe.
 */
public final class LocalProcesses implements HostProcesses {
  public static final LocalProcesses INSTANCE = new LocalProcesses();

  private final RunnerOwner self;

  private LocalProcesses() {
    ProcessHandle me = ProcessHandle.current();
    this.self = new RunnerOwner(hostName(), me.pid(), me.info().startInstant().orElse(null));
  }

  @Override
  public RunnerOwner self() {
    return self;
  }

  @Override
  public boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  @Override
  public Optional<Instant> startOf(long pid) {
    return ProcessHandle.of(pid).flatMap(p -> p.info().startInstant());
  }

  private static String hostName() {
    Path kernel = Path.of("/proc/sys/kernel/hostname");
    try {
      if (Files.isReadable(kernel)) {
        String name = Files.readString(kernel).trim();
        if (!name.isEmpty()) {
          return name;
        }
      }
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "localhost";
    }
  }
}
