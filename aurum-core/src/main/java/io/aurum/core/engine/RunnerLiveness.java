package io.aurum.core.engine;

import io.aurum.core.model.Operation;
import io.aurum.core.model.OperationState;
import io.aurum.core.model.RunnerOwner;
import io.aurum.core.port.HostProcesses;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether the process that drives a RUNNING operation is still there. STALLED is derived from the
 * operation row and the process table, never stored: the owner is provably dead (same host, and its
 * pid is gone or belongs to a process started at another time), or its heartbeat is older than the
 * lease ({@code runner_stale_seconds}), or no process has held it for that long. Thread-safe.
 */
public final class RunnerLiveness {
  private final HostProcesses processes;
  private final Clock clock;
  private final Duration stale;

  public RunnerLiveness(HostProcesses processes, Clock clock, Duration stale) {
    this.processes = Objects.requireNonNull(processes);
    this.clock = clock;
    this.stale = stale;
  }

  /**
   * Why a RUNNING operation is driven by nobody. {@code owner} and {@code lastHeartbeat} are null
   * when no process holds it; {@code provablyDead} when the owner ran on this host and is gone, so
   * that a resume may take it over without waiting for the lease.
   */
  public record Stall(
      RunnerOwner owner, Instant lastHeartbeat, Duration heartbeatAge, boolean provablyDead) {

    /** For status lines: {@code pid 4242 on host vm, last heartbeat 12 s ago, process gone}. */
    public String describe() {
      String who = owner == null ? "no process drives it" : owner.describe();
      String beat =
          lastHeartbeat == null
              ? ""
              : ", last heartbeat " + Math.max(0, heartbeatAge.toSeconds()) + " s ago";
      return who + beat + (provablyDead ? ", process gone" : "");
    }
  }

  /** The stall of a RUNNING operation whose owner is gone, or empty while it is driven. */
  public Optional<Stall> stall(Operation op) {
    if (op.state() != OperationState.RUNNING) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    Instant staleBefore = now.minus(stale);
    if (op.runnerId() == null) {
      // Between the move to RUNNING and the runner taking the slot there is no owner for a moment:
      // only an owner-less row older than the lease is stalled.
      return op.updatedAt() != null && op.updatedAt().isBefore(staleBefore)
          ? Optional.of(new Stall(null, null, null, false))
          : Optional.empty();
    }
    Instant beat = op.runnerHeartbeatAt();
    Duration age = beat == null ? null : Duration.between(beat, now);
    boolean dead = provablyDead(op.owner());
    if (dead || beat == null || beat.isBefore(staleBefore)) {
      return Optional.of(new Stall(op.owner(), beat, age, dead));
    }
    return Optional.empty();
  }

  /**
   * Whether the owner ran on this host and no longer does: its pid is gone, or now belongs to a
   * process that started at another time. An owner on another host is never provably dead.
   */
  public boolean provablyDead(RunnerOwner owner) {
    if (owner == null) {
      return false;
    }
    RunnerOwner self = processes.self();
    if (!owner.host().equals(self.host()) || owner.pid() <= 0) {
      return false;
    }
    if (owner.pid() == self.pid()) {
      // This process: alive, unless the pid was reused by us (another start time).
      return owner.processStart() != null
          && self.processStart() != null
          && !sameStart(owner.processStart(), self.processStart());
    }
    if (!processes.alive(owner.pid())) {
      return true;
    }
    // The pid runs: it is the owner only if it started when the owner did.
    Instant start = owner.processStart();
    return start != null
        && processes.startOf(owner.pid()).map(s -> !sameStart(s, start)).orElse(false);
  }

  /** Start times read twice may differ by the platform's clock tick; a reused pid by far more. */
  static boolean sameStart(Instant a, Instant b) {
    return Duration.between(a, b).abs().compareTo(Duration.ofSeconds(1)) < 0;
  }

  public Duration lease() {
    return stale;
  }
}
