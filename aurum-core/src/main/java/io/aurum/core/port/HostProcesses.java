package io.aurum.core.port;

import io.aurum.core.model.RunnerOwner;
import java.time.Instant;
import java.util.Optional;

/**
 * The operating system's view of processes on this host: who this process is, and whether another
 * one runs. A port so that the core reads neither the host nor the process table itself.
 */
public interface HostProcesses {

  /** Knows nothing: this process is anonymous and every other process may still run. */
  HostProcesses UNKNOWN =
      new HostProcesses() {
        @Override
        public RunnerOwner self() {
          return new RunnerOwner("unknown", -1, null);
        }

        @Override
        public boolean alive(long pid) {
          return true;
        }

        @Override
        public Optional<Instant> startOf(long pid) {
          return Optional.empty();
        }
      };

  /** This process. */
  RunnerOwner self();

  /** Whether a process with this pid runs on this host (true when that cannot be known). */
  boolean alive(long pid);

  /** When the process with this pid started, if it runs and the platform tells. */
  Optional<Instant> startOf(long pid);
}
