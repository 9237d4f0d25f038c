package io.aurum.core.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurum.core.engine.MonitorLevel;
import io.aurum.core.error.AurumException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pure alert logic: parsing a request, escalation tiers, tightening, and illegal state moves. */
class AlertRulesTest {
  static final Instant T0 = Instant.parse("2024-06-01T12:00:00Z");

  static AlertRequest parse(String thresholds, String channels, String policy) {
    return AlertRequest.parse(
        thresholds,
        channels,
        policy,
        null,
        null,
        Duration.ofMinutes(5),
        Duration.ofMinutes(1),
        Duration.ofMinutes(15));
  }

  @Test
  void the_runbook_request_makes_one_rule_per_metric() {
    var rules =
        parse("error_rate:0.05,duration:3600,throughput:100", "slack,pagerduty,email", null)
            .rules("ops");
    assertThat(rules)
        .extracting(r -> r.metric().id() + " " + r.threshold() + " " + r.policy().id())
        .containsExactly(
            "error_rate 0.05 immediate_escalation",
            "duration 3600.0 immediate_escalation",
            "throughput 100.0 immediate_escalation");
  }

  @Test
  void bad_thresholds_say_what_is_wrong_in_concepts() {
    assertThatThrownBy(() -> parse("error_rate:1.5", "slack", "tiered"))
        .isInstanceOf(AurumException.BadInput.class)
        .hasMessageContaining("alert thresholds: 'error_rate:1.5' is not a usable number");
    assertThatThrownBy(() -> parse("error_rate:0.1", "slack,pager", "tiered"))
        .hasMessageContaining("unknown channel 'pager' in notification channels");
  }

  @Test
  void tiered_escalation_adds_a_channel_each_step_in_slack_pagerduty_email_order() {
    var all = List.of(Channel.EMAIL, Channel.PAGERDUTY, Channel.SLACK);
    Duration step = Duration.ofMinutes(15);
    EscalationPolicy tiered = EscalationPolicy.TIERED;
    assertThat(tiered.due(all, T0, step, T0)).containsExactly(Channel.SLACK);
    assertThat(tiered.due(all, T0, step, T0.plus(Duration.ofMinutes(15))))
        .containsExactly(Channel.SLACK, Channel.PAGERDUTY);
    assertThat(tiered.due(all, T0, step, T0.plus(Duration.ofMinutes(30))))
        .containsExactly(Channel.SLACK, Channel.PAGERDUTY, Channel.EMAIL);
    assertThat(EscalationPolicy.IMMEDIATE_ESCALATION.due(all, T0, step, T0)).hasSize(3);
  }

  @Test
  void raised_levels_tighten_upper_bounds_down_and_floors_up() {
    var rules = parse("error_rate:0.05,throughput:100", "slack", null).rules("ops");
    assertThat(Tightening.threshold(rules.get(0), MonitorLevel.ELEVATED)).isEqualTo(0.025);
    assertThat(Tightening.threshold(rules.get(0), MonitorLevel.CRITICAL)).isEqualTo(0.0125);
    assertThat(Tightening.threshold(rules.get(1), MonitorLevel.CRITICAL)).isEqualTo(400);
    assertThat(Tightening.threshold(rules.get(1), MonitorLevel.NORMAL)).isEqualTo(100);
  }

  @Test
  void a_resolved_alert_cannot_fire_without_going_pending_first() {
    assertThat(AlertState.RESOLVED.canMoveTo(AlertState.FIRING)).isFalse();
    assertThat(AlertState.FIRING.canMoveTo(AlertState.PENDING)).isFalse();
    assertThat(AlertState.PENDING.canMoveTo(AlertState.FIRING)).isTrue();
  }
}
