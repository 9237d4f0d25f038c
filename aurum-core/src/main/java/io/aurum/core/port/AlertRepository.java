package io.aurum.core.port;

import io.aurum.core.alert.Alert;
import io.aurum.core.alert.AlertRule;
import io.aurum.core.alert.Figures;
import io.aurum.core.alert.Notice;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Alert rules, alert state, the notices sent, and the lease that lets one process at a time
 * evaluate, shared by every process on the database. Thread-safe.
 */
public interface AlertRepository {

  /** A notice as recorded: sent, or failed with why. */
  record NoticeRow(
      long id,
      Instant at,
      long ruleId,
      String dedupKey,
      String channel,
      String action,
      boolean sent,
      String summary,
      String detail) {}

  /**
   * Stores the rules, each replacing a rule of the same metric and scope (and its alert state), in
   * one audited transaction; returns them with their ids.
   */
  List<AlertRule> configure(List<AlertRule> rules, String actor);

  /** Every rule, by id. */
  List<AlertRule> rules();

  /** The state of each rule's alert, by rule id; rules never breached have none. */
  Map<Long, Alert> alerts();

  /** Inserts or replaces the rule's alert state. */
  void save(Alert alert);

  /** Records a notice and whether it went out. */
  void recordNotice(Notice notice, boolean sent, String detail);

  /** The newest notices first, at most {@code limit}. */
  List<NoticeRow> history(int limit);

  /**
   * Takes or renews the evaluation lease for {@code owner} until {@code now + ttl}: true when this
   * owner holds it now, false when another holds an unexpired one.
   */
  boolean holdLease(String owner, Instant now, Duration ttl);

  /** Gives the lease up if {@code owner} holds it. */
  void releaseLease(String owner);

  /**
   * The figures of the tasks and running operations in scope (a null source or type: any) over
   * {@code (now - window, now]}.
   */
  Figures figures(String scopeSource, String scopeType, Duration window, Instant now);
}
