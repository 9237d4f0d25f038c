package io.aurum.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurum.core.model.Operation;
import io.aurum.core.model.OperationSpec;
import io.aurum.core.model.OperationState;
import io.aurum.core.model.OperationType;
import io.aurum.core.model.Priority;
import io.aurum.core.model.RunnerOwner;
import io.aurum.core.model.SourceId;
import io.aurum.core.port.HostProcesses;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RunnerLivenessTest {
  static final Instant NOW = Instant.parse("2026-12-05T06:00:00Z");
  static final RunnerOwner ME = new RunnerOwner("vm", 100, NOW.minusSeconds(5));

  /** A process table: pid to start time (null: runs, start unknown). */
  final Map<Long, Instant> table = new HashMap<>();

  final HostProcesses host =
      new HostProcesses() {
        @Override
        public RunnerOwner self() {
          return ME;
        }

        @Override
        public boolean alive(long pid) {
          return table.containsKey(pid);
        }

        @Override
        public Optional<Instant> startOf(long pid) {
          return Optional.ofNullable(table.get(pid));
        }
      };

  final RunnerLiveness liveness =
      new RunnerLiveness(host, Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofSeconds(20));

  static Operation running(RunnerOwner owner, Instant heartbeat) {
    OperationSpec spec =
        new OperationSpec(
            SourceId.EIA, null, null, java.util.List.of(), 1, 1, 1, null, 1.0, false, null, null);
    Operation op =
        Operation.planned(
            "OP", OperationType.BACKFILL, spec, Priority.NORMAL, null, "t", NOW.minusSeconds(60));
    return new Operation(
        op.id(),
        op.type(),
        op.source(),
        OperationState.RUNNING,
        op.priority(),
        null,
        "t",
        spec,
        op.createdAt(),
        op.createdAt(),
        owner == null ? null : "runner-x",
        heartbeat,
        null,
        owner);
  }

  @Test
  void an_owner_on_this_host_whose_pid_is_gone_is_provably_dead_at_once() {
    RunnerOwner gone = new RunnerOwner("vm", 4242, NOW.minusSeconds(600));
    var stall = liveness.stall(running(gone, NOW.minusSeconds(1))).orElseThrow();
    assertThat(stall.provablyDead()).isTrue();
    assertThat(stall.describe())
        .isEqualTo("pid 4242 on host vm, last heartbeat 1 s ago, process gone");
  }

  @Test
  void a_reused_pid_started_at_another_time_is_not_the_owner() {
    RunnerOwner owner = new RunnerOwner("vm", 4242, NOW.minusSeconds(600));
    table.put(4242L, NOW.minusSeconds(30));
    assertThat(liveness.provablyDead(owner)).isTrue();
    table.put(4242L, NOW.minusSeconds(600).plusMillis(10));
    assertThat(liveness.provablyDead(owner)).isFalse();
    assertThat(liveness.stall(running(owner, NOW.minusSeconds(1)))).isEmpty();
    // A running pid whose start the platform does not tell is given the benefit of the doubt.
    table.put(4242L, null);
    assertThat(liveness.provablyDead(owner)).isFalse();
  }

  @Test
  void an_owner_on_another_host_is_stalled_only_after_the_lease() {
    RunnerOwner remote = new RunnerOwner("other", 4242, NOW.minusSeconds(600));
    assertThat(liveness.stall(running(remote, NOW.minusSeconds(19)))).isEmpty();
    var stall = liveness.stall(running(remote, NOW.minusSeconds(21))).orElseThrow();
    assertThat(stall.provablyDead()).isFalse();
    assertThat(stall.heartbeatAge()).isEqualTo(Duration.ofSeconds(21));
  }

  @Test
  void this_process_is_alive_and_an_unknown_platform_never_proves_a_death() {
    assertThat(liveness.provablyDead(ME)).isFalse();
    RunnerLiveness blind =
        new RunnerLiveness(
            HostProcesses.UNKNOWN, Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofSeconds(20));
    assertThat(blind.provablyDead(new RunnerOwner("unknown", 4242, null))).isFalse();
  }

  @Test
  void a_running_operation_nobody_has_held_for_the_lease_is_stalled() {
    assertThat(liveness.stall(running(null, null)).orElseThrow().describe())
        .isEqualTo("no process drives it");
  }
}
