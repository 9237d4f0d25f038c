package io.aurum.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurum.core.engine.EmergencyCheck;
import io.aurum.core.engine.OperationRunner.Outcome;
import io.aurum.core.engine.OperationStepper;
import io.aurum.core.error.AurumException;
import io.aurum.core.error.NextStep;
import io.aurum.core.model.Operation;
import io.aurum.core.model.OperationState;
import io.aurum.core.model.OperationType;
import io.aurum.core.model.PartitionKey;
import io.aurum.core.model.PartitionVersion;
import io.aurum.core.model.Priority;
import io.aurum.core.model.SourceId;
import io.aurum.core.model.VersionState;
import io.aurum.core.ops.OperationIds;
import io.aurum.core.port.EmergencyRepository.Declaration;
import io.aurum.core.port.EmergencyRepository.Kind;
import io.aurum.core.port.Store;
import io.aurum.core.testing.MutableClock;
import io.aurum.core.usecase.Emergencies;
import io.aurum.core.usecase.EmergencyRequests;
import io.aurum.core.usecase.EmergencyRequests.Release;
import io.aurum.core.usecase.EmergencyRequests.Target;
import io.aurum.store.testing.EngineFixture;
import io.aurum.store.testing.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Emergency stop, release and isolation on every database, played step by step: the runner's claim
 * cycle is {@link OperationStepper#step}, another process is another store on the same database.
 */
abstract class EmergencyContractTest {
  static final LocalDate DAY = LocalDate.of(2024, 1, 1);

  @TempDir Path tmp;
  TestDatabase db;
  EngineFixture f;
  Emergencies emergencies;

  abstract TestDatabase database(Path tmp);

  @BeforeEach
  void setUp() {
    db = database(tmp);
    f = new EngineFixture(db, new MutableClock(Instant.parse("2024-06-01T12:00:00Z")), tmp);
    emergencies = new Emergencies(f.store, f.clock);
  }

  @AfterEach
  void tearDown() {
    f.store.close();
    db.close();
  }

  /** A RUNNING backfill of two days starting {@code offset} days after DAY. */
  Operation running(int offset, Priority priority) {
    Operation op = planned(offset, priority);
    f.store
        .operations()
        .transition(op.id(), OperationState.PLANNED, OperationState.RUNNING, "tester", "started");
    return op;
  }

  Operation planned(int offset, Priority priority) {
    var spec = f.spec(DAY.plusDays(offset), DAY.plusDays(offset + 1), "latest_wins");
    return f.service.create(
        OperationType.BACKFILL,
        OperationIds.of(OperationType.BACKFILL, spec.endDate(), SourceId.EIA),
        spec,
        f.service.planner().plan(spec),
        priority,
        "test",
        "tester");
  }

  OperationState state(Operation op) {
    return f.store.operations().find(op.id()).orElseThrow().state();
  }

  static EmergencyRequests.Stop stopAll(boolean dryRun) {
    return new EmergencyRequests.Stop(true, null, null, "Data corruption detected", false, dryRun);
  }

  @Test
  void emergency_check_names_the_blocking_emergency_spares_critical_work_and_says_how_to_end_it() {
    Operation op = running(0, Priority.NORMAL);
    Instant now = f.clock.instant();
    assertThat(EmergencyCheck.blocking(f.store, op.id(), "eia", false, now)).isEmpty();

    emergencies.stop(stopAll(false), "oncall");

    assertThat(EmergencyCheck.blocking(f.store, op.id(), "eia", false, now))
        .get()
        .satisfies(
            e ->
                assertThat(EmergencyCheck.releaseStep(e))
                    .isEqualTo(new NextStep(NextStep.Action.RELEASE_STOP, null)));
    assertThat(EmergencyCheck.blocking(f.store, op.id(), "eia", true, now)).isEmpty();
    assertThatThrownBy(() -> EmergencyCheck.refuseIfBlocked(f.store, op, "resume", now))
        .hasMessageContaining("refusing to resume " + op.id())
        .hasMessageContaining("end it with the release of the emergency stop");
  }

  @Test
  void stop_pauses_running_non_critical_operations_lowest_priority_first_and_records_them() {
    Operation high = running(0, Priority.HIGH);
    Operation low = running(10, Priority.LOW);
    Operation normal = running(20, Priority.NORMAL);
    Operation critical = running(30, Priority.LOW);
    f.store.emergencies().markCritical(critical.id());
    Operation user = running(40, Priority.LOW);
    f.service.pause(user.id(), "operator");

    Emergencies.Declared d = emergencies.stop(stopAll(false), "oncall");

    assertThat(d.paused()).containsExactly(low.id(), normal.id(), high.id());
    assertThat(f.store.emergencies().active(f.clock.instant()))
        .singleElement()
        .satisfies(e -> assertThat(e.paused()).containsExactly(low.id(), normal.id(), high.id()));
    assertThat(state(critical)).isEqualTo(OperationState.RUNNING);
    assertThat(f.store.audit().entries(null))
        .anySatisfy(
            e -> {
              assertThat(e.action()).isEqualTo("emergency.declared");
              assertThat(e.actor()).isEqualTo("oncall");
              assertThat(e.detail()).contains("Data corruption detected");
            });
  }

  @Test
  void a_dry_run_reports_what_it_would_pause_and_changes_nothing() {
    Operation op = running(0, Priority.NORMAL);
    long audit = f.store.audit().entries(null).size();

    Emergencies.Declared d = emergencies.stop(stopAll(true), "oncall");

    assertThat(d.dryRun()).isTrue();
    assertThat(d.paused()).containsExactly(op.id());
    assertThat(state(op)).isEqualTo(OperationState.RUNNING);
    assertThat(f.store.emergencies().history()).isEmpty();
    assertThat(f.store.audit().entries(null)).hasSize((int) audit);
  }

  @Test
  void a_runner_obeys_a_stop_declared_by_another_process_at_its_next_claim_cycle() {
    Operation op = running(0, Priority.NORMAL);
    try (OperationStepper stepper = new OperationStepper(f.deps, op.id(), "tester");
        Store other = db.open(f.clock)) {
      assertThat(stepper.step().window()).hasSize(1);
      // Declared elsewhere without pausing anything: as if its pause raced this run.
      long id =
          other
              .emergencies()
              .declare(
                  new Declaration(
                      Kind.STOP, null, null, false, null, false, "elsewhere", "oncall", null));

      OperationStepper.Step next = stepper.step();
      assertThat(next.window()).isEmpty();
      assertThat(next.outcome()).isEqualTo(Outcome.PAUSED);
      assertThat(other.emergencies().active(f.clock.instant()).get(0).paused())
          .containsExactly(op.id());
      assertThat(id).isPositive();
    }
    assertThat(state(op)).isEqualTo(OperationState.PAUSED);
    assertThat(f.upstream.requests.get()).isEqualTo(1);
  }

  @Test
  void the_store_claims_nothing_an_active_stop_blocks_and_records_when_it_claimed()
      throws Exception {
    Operation op = running(0, Priority.NORMAL);
    Operation critical = running(10, Priority.NORMAL);
    f.store.emergencies().markCritical(critical.id());
    Instant now = f.clock.instant();
    Duration lease = Duration.ofMinutes(1);
    // The claim itself checks: a runner that has not yet read the stop still claims nothing.
    try (Store other = db.open(f.clock)) {
      other
          .emergencies()
          .declare(
              new Declaration(Kind.STOP, null, null, false, null, false, "drill", "oncall", null));
    }
    assertThat(f.store.tasks().claim(op.id(), "r1", 5, now, now.plus(lease))).isEmpty();
    var claimed = f.store.tasks().claim(critical.id(), "r2", 5, now, now.plus(lease));
    assertThat(claimed).isNotEmpty();
    long declaredAt = f.store.emergencies().history().get(0).declaredAt().toEpochMilli();
    try (var c = db.raw();
        var ps =
            c.prepareStatement(
                "SELECT MIN(claimed_at) FROM tasks WHERE operation_id = ? AND state = 'RUNNING'")) {
      ps.setString(1, critical.id());
      try (var rs = ps.executeQuery()) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getLong(1)).isGreaterThanOrEqualTo(declaredAt);
      }
    }

    emergencies.release(new Release(Target.STOP, null, "contained", false), "oncall");
    assertThat(f.store.tasks().claim(op.id(), "r1", 5, now, now.plus(lease))).isNotEmpty();
  }

  @Test
  void a_critical_operation_keeps_running_through_a_stop_unless_it_includes_critical() {
    Operation critical = running(0, Priority.NORMAL);
    f.store.emergencies().markCritical(critical.id());
    emergencies.stop(stopAll(false), "oncall");
    try (OperationStepper stepper = new OperationStepper(f.deps, critical.id(), "tester")) {
      assertThat(stepper.runToEnd()).isEqualTo(Outcome.SUCCEEDED);
    }

    Operation next = running(10, Priority.NORMAL);
    f.store.emergencies().markCritical(next.id());
    Emergencies.Declared d =
        emergencies.stop(
            new EmergencyRequests.Stop(true, null, null, "everything", true, false), "oncall");
    assertThat(d.paused()).containsExactly(next.id());
  }

  @Test
  void a_recovery_operation_is_claimed_through_a_stop_of_non_critical_work_but_not_one_of_all() {
    Operation recovery = running(0, Priority.NORMAL);
    Operation plain = running(10, Priority.NORMAL);
    f.store.emergencies().markRecovery(recovery.id());
    Instant now = f.clock.instant();
    Duration lease = Duration.ofMinutes(1);
    Emergencies.Declared d = emergencies.stop(stopAll(false), "oncall");
    assertThat(d.paused()).containsExactly(plain.id());
    assertThat(f.store.tasks().claim(plain.id(), "r1", 5, now, now.plus(lease))).isEmpty();
    assertThat(f.store.tasks().claim(recovery.id(), "r2", 1, now, now.plus(lease))).isNotEmpty();
    emergencies.release(new Release(Target.STOP, null, "drill", false), "oncall");

    Emergencies.Declared all =
        emergencies.stop(
            new EmergencyRequests.Stop(true, null, null, "everything", true, false), "oncall");
    assertThat(all.paused()).contains(recovery.id());
    assertThat(f.store.tasks().claim(recovery.id(), "r2", 5, now, now.plus(lease))).isEmpty();
  }

  @Test
  void release_resumes_exactly_what_the_stop_paused_and_a_user_paused_operation_stays_paused() {
    Operation userPaused = running(0, Priority.NORMAL);
    f.service.pause(userPaused.id(), "operator");
    Operation stopped = running(10, Priority.NORMAL);
    emergencies.stop(stopAll(false), "oncall");

    Emergencies.Released r =
        emergencies.release(new Release(Target.STOP, null, "fixed", false), "oncall");

    assertThat(r.toResume()).containsExactly(stopped.id());
    assertThat(f.store.emergencies().active(f.clock.instant())).isEmpty();
    f.service.resume(stopped.id(), "oncall", new io.aurum.core.engine.LiveProgress());
    assertThat(state(stopped)).isEqualTo(OperationState.SUCCEEDED);
    assertThat(state(userPaused)).isEqualTo(OperationState.PAUSED);
    assertThat(f.store.emergencies().history().get(0).releasedBy()).isEqualTo("oncall");
  }

  @Test
  void starting_or_resuming_in_scope_is_refused_while_the_stop_stands() {
    Operation plannedOp = planned(0, Priority.NORMAL);
    Operation paused = running(10, Priority.NORMAL);
    emergencies.stop(stopAll(false), "oncall");

    assertThatThrownBy(
            () ->
                f.service.start(plannedOp.id(), "tester", new io.aurum.core.engine.LiveProgress()))
        .isInstanceOf(AurumException.IllegalStateChange.class)
        .hasMessageContaining("the release of the emergency stop")
        .hasMessageContaining("STOP #1");
    assertThatThrownBy(
            () -> f.service.resume(paused.id(), "tester", new io.aurum.core.engine.LiveProgress()))
        .isInstanceOf(AurumException.IllegalStateChange.class)
        .hasMessageContaining("the release of the emergency stop");
    assertThat(state(plannedOp)).isEqualTo(OperationState.PLANNED);
    assertThat(state(paused)).isEqualTo(OperationState.PAUSED);
  }

  @Test
  void isolation_blocks_claims_holds_outbox_rows_and_survives_reopening_the_store() {
    Operation done = running(0, Priority.NORMAL);
    try (OperationStepper stepper = new OperationStepper(f.deps, done.id(), "tester")) {
      assertThat(stepper.runToEnd()).isEqualTo(Outcome.SUCCEEDED);
    }
    assertThat(f.store.emergencies().relayableOutbox(100)).hasSize(2);
    Operation critical = running(10, Priority.NORMAL);
    f.store.emergencies().markCritical(critical.id());

    Emergencies.Declared d =
        emergencies.isolate(
            new EmergencyRequests.Isolate("eia", true, "bad feed", false), "oncall");

    assertThat(d.paused()).containsExactly(critical.id());
    assertThat(f.store.emergencies().relayableOutbox(100)).isEmpty();
    f.store.close();
    f = new EngineFixture(db, f.clock, tmp.resolve("again"));
    emergencies = new Emergencies(f.store, f.clock);
    assertThat(f.store.emergencies().relayableOutbox(100)).isEmpty();
    assertThatThrownBy(
            () ->
                f.service.resume(critical.id(), "tester", new io.aurum.core.engine.LiveProgress()))
        .hasMessageContaining("the release of the isolation of eia");
    // The reads still work.
    assertThat(f.store.operations().progress(done.id()).total()).isEqualTo(2);

    Emergencies.Released r =
        emergencies.release(new Release(Target.ISOLATION, "eia", "clean", false), "oncall");
    assertThat(r.toResume()).containsExactly(critical.id());
    assertThat(f.store.emergencies().relayableOutbox(100)).hasSize(2);
  }

  @Test
  void a_monitor_level_expires_by_itself_and_normal_ends_it() {
    emergencies.monitor(
        new EmergencyRequests.Monitor("critical", Duration.ofHours(4), null, false), "oncall");
    assertThat(emergencies.level().level()).isEqualTo("critical");
    f.clock.advance(Duration.ofHours(4).plusSeconds(1));
    assertThat(emergencies.level().level()).isEqualTo("normal");

    emergencies.monitor(
        new EmergencyRequests.Monitor("elevated", Duration.ofHours(4), null, false), "oncall");
    assertThat(emergencies.level().level()).isEqualTo("elevated");
    emergencies.monitor(
        new EmergencyRequests.Monitor("normal", Duration.ofHours(4), null, false), "oncall");
    assertThat(emergencies.level().level()).isEqualTo("normal");
    assertThat(f.store.emergencies().history()).hasSize(2).allMatch(e -> e.kind() == Kind.MONITOR);
  }

  @Test
  void a_raised_monitor_level_holds_every_version_with_a_defect_in_running_operations() {
    Operation op = running(0, Priority.NORMAL);
    f.upstream.dropFirstRow = true;
    PartitionKey first = new PartitionKey(SourceId.EIA, "ELEC.DEMAND", DAY);
    PartitionKey second = new PartitionKey(SourceId.EIA, "ELEC.DEMAND", DAY.plusDays(1));
    try (OperationStepper stepper = new OperationStepper(f.deps, op.id(), "tester")) {
      assertThat(stepper.step().window()).hasSize(1);
      // One missing row is above the threshold: published at the normal level.
      assertThat(f.store.versions().head(first)).isPresent();

      emergencies.monitor(
          new EmergencyRequests.Monitor("elevated", Duration.ofHours(4), "watch", false), "oncall");
      assertThat(stepper.step().window()).hasSize(1);
    }
    assertThat(f.store.versions().head(second)).isEmpty();
    assertThat(f.store.versions().versions(second))
        .extracting(PartitionVersion::state)
        .containsExactly(VersionState.QUARANTINED);
  }

  @Test
  void
      recovery_progress_is_kept_per_step_isolation_spares_recovery_runs_and_breaks_are_acknowledged()
          throws Exception {
    // Progress: a DONE step is skipped by a dry run of the same plan, the others would run.
    io.aurum.core.usecase.RecoveryPlan plan =
        new io.aurum.core.usecase.RecoveryPlans(null, null, f.clock)
            .plan(
                SourceId.EIA,
                new io.aurum.core.usecase.ScanReport(
                    "damage",
                    SourceId.EIA,
                    "full",
                    java.util.List.of(),
                    f.clock.instant(),
                    0,
                    java.util.List.of(),
                    0,
                    0,
                    0,
                    java.util.List.of()));
    assertThat(plan.steps())
        .extracting(io.aurum.core.usecase.RecoveryPlan.Step::kind)
        .containsExactly(io.aurum.core.usecase.RecoveryPlan.StepKind.VALIDATE);
    io.aurum.core.port.RecoveryLog log = f.store.recoveries();
    log.started(plan.planId(), "step-01", "validate", "tester", "drill");
    log.finished(plan.planId(), "step-01", true, "clean", "tester");
    assertThat(log.steps(plan.planId()))
        .singleElement()
        .satisfies(r -> assertThat(r.state()).isEqualTo(io.aurum.core.port.RecoveryLog.State.DONE));
    var outcome =
        new io.aurum.core.usecase.Recoveries(f.store, f.service, null, null, f.clock)
            .recover(
                new io.aurum.core.usecase.RecoverRequest(plan, 2, true, true, null),
                "tester",
                line -> {});
    assertThat(outcome.ok()).isTrue();
    assertThat(outcome.steps())
        .extracting(io.aurum.core.usecase.Recoveries.StepOutcome::result)
        .containsExactly(io.aurum.core.usecase.Recoveries.Result.ALREADY_DONE);
    assertThat(f.store.audit().entries(plan.planId()))
        .extracting(io.aurum.core.port.AuditLog.Entry::action)
        .containsExactly("recovery.step_started", "recovery.step_done");

    // An isolation blocks an operation unless a recovery runs it; so does a STOP unless it
    // includes critical operations (see a_recovery_operation_is_claimed_through_a_stop_...).
    Operation op = running(0, Priority.NORMAL);
    emergencies.isolate(new EmergencyRequests.Isolate("eia", false, "suspect", false), "tester");
    Instant now = f.clock.instant();
    var isolation = f.store.emergencies().active(now).get(0);
    assertThat(isolation.blocks(op.id(), "eia", false, false)).isTrue();
    f.store.emergencies().markRecovery(op.id());
    assertThat(f.store.emergencies().recovery(op.id())).isTrue();
    assertThat(isolation.blocks(op.id(), "eia", false, f.store.emergencies().recovery(op.id())))
        .isFalse();

    // An edited audit entry is acknowledged by a new entry; verify passes and still names it.
    assertThat(f.store.audit().verify().intact()).isTrue();
    try (var c = db.raw();
        var st = c.createStatement()) {
      st.executeUpdate("UPDATE audit_log SET detail = '{\"forged\":1}' WHERE seq = 1");
    }
    assertThat(f.store.audit().verify().intact()).isFalse();
    assertThat(f.store.audit().acknowledgeBreaks("tester", plan.planId(), "drill"))
        .containsExactly(1L);
    assertThat(f.store.audit().acknowledgeBreaks("tester", plan.planId(), "drill")).isEmpty();
    var v = f.store.audit().verify();
    assertThat(v.intact()).as(v.problem()).isTrue();
    assertThat(v.acknowledged()).containsExactly(1L);
    assertThat(f.store.audit().firstBrokenEntry()).isEqualTo(-1);
    try (var c = db.raw();
        var st = c.createStatement()) {
      st.executeUpdate("UPDATE audit_log SET detail = '{\"forged\":2}' WHERE seq = 1");
    }
    assertThat(f.store.audit().verify().intact()).isFalse();
  }
}
