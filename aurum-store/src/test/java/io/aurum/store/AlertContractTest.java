package io.aurum.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurum.core.alert.AlertEvaluator;
import io.aurum.core.alert.AlertRequest;
import io.aurum.core.alert.AlertState;
import io.aurum.core.alert.Alerts;
import io.aurum.core.alert.Notice;
import io.aurum.core.alert.Notifier;
import io.aurum.core.error.AurumException;
import io.aurum.core.model.Operation;
import io.aurum.core.model.OperationType;
import io.aurum.core.port.EmergencyRepository.Declaration;
import io.aurum.core.port.EmergencyRepository.Kind;
import io.aurum.core.port.Store;
import io.aurum.core.testing.MutableClock;
import io.aurum.store.testing.EngineFixture;
import io.aurum.store.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alerts on every database, evaluated step by step with a settable clock: figures from the store,
 * pending → firing → resolved with each notice sent once, tiered escalation, the monitoring level's
 * tightening, and the lease that lets one of two processes notify.
 */
abstract class AlertContractTest {
  static final LocalDate DAY = LocalDate.of(2024, 1, 1);

  @TempDir Path tmp;
  TestDatabase db;
  EngineFixture f;
  final List<Notice> sent = new CopyOnWriteArrayList<>();
  final Notifier recording = sent::add;

  abstract TestDatabase database(Path tmp);

  @BeforeEach
  void setUp() {
    db = database(tmp);
    f = new EngineFixture(db, new MutableClock(Instant.parse("2024-06-01T12:00:00Z")), tmp);
  }

  @AfterEach
  void tearDown() {
    f.store.close();
    db.close();
  }

  void configure(String thresholds, String channels, String policy, Duration pendingFor) {
    new Alerts(f.store, f.clock)
        .configure(
            AlertRequest.parse(
                thresholds,
                channels,
                policy,
                null,
                null,
                Duration.ofMinutes(5),
                pendingFor,
                Duration.ofMinutes(15)),
            "tester");
  }

  AlertEvaluator evaluator(Store store, String owner) {
    return new AlertEvaluator(store, recording, f.clock, owner, Duration.ofSeconds(45));
  }

  /** A running backfill whose tasks made {@code calls} attempts, {@code errors} failed, now. */
  Operation attempts(long calls, long errors) throws Exception {
    Operation op = f.started(OperationType.BACKFILL, f.spec(DAY, DAY.plusDays(1), "latest_wins"));
    try (var c = db.raw();
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE tasks SET api_calls = ?, errors = ?, updated_at = ? WHERE id ="
                    + " (SELECT MIN(id) FROM tasks WHERE operation_id = ?)")) {
      ps.setLong(1, calls);
      ps.setLong(2, errors);
      ps.setLong(3, f.clock.millis());
      ps.setString(4, op.id());
      assertThat(ps.executeUpdate()).isEqualTo(1);
    }
    return op;
  }

  List<String> log() {
    return sent.stream().map(n -> n.action().id() + " " + n.channel().id()).toList();
  }

  @Test
  void an_error_rate_alert_goes_pending_then_fires_once_to_every_channel_then_resolves()
      throws Exception {
    configure(
        "error_rate:0.05", "slack,pagerduty,email", "immediate_escalation", Duration.ofMinutes(1));
    attempts(100, 20);
    AlertEvaluator e = evaluator(f.store, "p1");

    assertThat(e.evaluate().alerts())
        .extracting(a -> a.state())
        .containsExactly(AlertState.PENDING);
    assertThat(sent).isEmpty();

    f.clock.advance(Duration.ofMinutes(1));
    e.evaluate();
    f.clock.advance(Duration.ofSeconds(15));
    e.evaluate();
    assertThat(log()).containsExactly("trigger slack", "trigger pagerduty", "trigger email");
    assertThat(sent.get(0).summary()).contains("error_rate 0.200 > 0.050");

    // The failed attempts leave the window: resolved, a resolve notice to each, same dedup key.
    f.clock.advance(Duration.ofMinutes(5));
    var r = e.evaluate();
    assertThat(r.alerts()).extracting(a -> a.state()).containsExactly(AlertState.RESOLVED);
    assertThat(log())
        .containsExactly(
            "trigger slack",
            "trigger pagerduty",
            "trigger email",
            "resolve slack",
            "resolve pagerduty",
            "resolve email");
    assertThat(sent.stream().map(Notice::dedupKey).distinct()).hasSize(1);
    e.evaluate();
    assertThat(sent).hasSize(6);
    assertThat(new Alerts(f.store, f.clock).history(50)).hasSize(6).allMatch(n -> n.sent());
  }

  @Test
  void a_stalled_operation_still_alerts_on_duration_and_throughput() throws Exception {
    configure("duration:3600,throughput:100", "slack", "immediate_escalation", Duration.ZERO);
    Operation op = f.started(OperationType.BACKFILL, f.spec(DAY, DAY.plusDays(1), "latest_wins"));
    AlertEvaluator e = evaluator(f.store, "p1");
    f.clock.advance(Duration.ofHours(2));

    e.evaluate();

    assertThat(log()).containsExactly("trigger slack", "trigger slack");
    assertThat(sent.get(0).summary()).contains("duration 7200 > 3600").contains(op.id());
    assertThat(sent.get(1).summary()).contains("throughput 0 < 100");
  }

  @Test
  void tiered_escalation_goes_slack_then_pagerduty_then_email_while_unresolved() throws Exception {
    configure("error_rate:0.05", "email,slack,pagerduty", "tiered", Duration.ZERO);
    Operation op = attempts(10, 5);
    AlertEvaluator e = evaluator(f.store, "p1");

    e.evaluate();
    assertThat(log()).containsExactly("trigger slack");
    f.clock.advance(Duration.ofMinutes(14).plusSeconds(59));
    touch(op);
    e.evaluate();
    assertThat(log()).containsExactly("trigger slack");
    f.clock.advance(Duration.ofSeconds(1));
    e.evaluate();
    assertThat(log()).containsExactly("trigger slack", "trigger pagerduty");
    f.clock.advance(Duration.ofMinutes(15));
    touch(op);
    e.evaluate();
    assertThat(log()).containsExactly("trigger slack", "trigger pagerduty", "trigger email");

    f.clock.advance(Duration.ofMinutes(6));
    e.evaluate();
    assertThat(log()).endsWith("resolve slack", "resolve pagerduty", "resolve email").hasSize(6);
  }

  /** The operation's failed attempts happened again, now (they stay in the window). */
  void touch(Operation op) throws Exception {
    try (var c = db.raw();
        PreparedStatement ps =
            c.prepareStatement("UPDATE tasks SET updated_at = ? WHERE operation_id = ?")) {
      ps.setLong(1, f.clock.millis());
      ps.setString(2, op.id());
      ps.executeUpdate();
    }
  }

  @Test
  void a_raised_monitoring_level_tightens_the_thresholds_while_it_stands() throws Exception {
    configure("error_rate:0.05", "slack", "immediate_escalation", Duration.ZERO);
    attempts(100, 4);
    AlertEvaluator e = evaluator(f.store, "p1");
    e.evaluate();
    assertThat(sent).isEmpty();

    f.store
        .emergencies()
        .declare(
            new Declaration(
                Kind.MONITOR,
                null,
                null,
                false,
                "elevated",
                false,
                "drill",
                "tester",
                f.clock.instant().plus(Duration.ofHours(1))));
    e.evaluate();

    assertThat(log()).containsExactly("trigger slack");
    assertThat(sent.get(0).summary()).contains("0.040 > 0.025").contains("monitoring elevated");
    assertThat(sent.get(0).severity()).isEqualTo("critical");
  }

  @Test
  void two_processes_evaluating_send_one_notice_and_the_second_takes_over_when_the_first_stops()
      throws Exception {
    configure("error_rate:0.05", "slack,pagerduty", "immediate_escalation", Duration.ZERO);
    attempts(50, 25);
    try (Store other = db.open(f.clock)) {
      AlertEvaluator one = evaluator(f.store, "p1");
      AlertEvaluator two = evaluator(other, "p2");
      for (int i = 0; i < 4; i++) {
        assertThat(one.evaluate().held()).isTrue();
        assertThat(two.evaluate().held()).isFalse();
        f.clock.advance(Duration.ofSeconds(15));
      }
      assertThat(log()).containsExactly("trigger slack", "trigger pagerduty");

      // The first process dies without releasing: the second takes over once the lease lapses.
      f.clock.advance(Duration.ofSeconds(45));
      f.clock.advance(Duration.ofMinutes(5));
      assertThat(two.evaluate().held()).isTrue();
      assertThat(log()).endsWith("resolve slack", "resolve pagerduty").hasSize(4);
      assertThat(one.evaluate().held()).isFalse();
      two.stop();
      assertThat(one.evaluate().held()).isTrue();
    }
  }

  @Test
  void a_channel_that_refuses_is_recorded_and_tried_again_next_cycle() throws Exception {
    configure("error_rate:0.05", "slack", "immediate_escalation", Duration.ZERO);
    attempts(10, 5);
    Notifier refusing =
        n -> {
          throw new AurumException.OperationFailed("slack answered HTTP 500");
        };
    new AlertEvaluator(f.store, refusing, f.clock, "p1", Duration.ofSeconds(45)).evaluate();
    var history = new Alerts(f.store, f.clock).history(10);
    assertThat(history).hasSize(1);
    assertThat(history.get(0).sent()).isFalse();
    assertThat(history.get(0).detail()).isEqualTo("slack answered HTTP 500");

    evaluator(f.store, "p1").evaluate();
    assertThat(log()).containsExactly("trigger slack");
  }

  @Test
  void configuring_a_metric_again_in_the_same_scope_replaces_its_rule() {
    configure("error_rate:0.05,duration:3600", "slack", "tiered", Duration.ZERO);
    configure("error_rate:0.1", "email", "immediate_escalation", Duration.ZERO);
    var rules = new Alerts(f.store, f.clock).list();
    assertThat(rules)
        .extracting(
            l -> l.rule().metric().id() + " " + l.rule().threshold() + " " + l.rule().policy().id())
        .containsExactly("duration 3600.0 tiered", "error_rate 0.1 immediate_escalation");
  }
}
