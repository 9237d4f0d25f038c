package io.aurum.app.alerts;

import io.aurum.core.alert.AlertEvaluator;
import io.aurum.core.port.Store;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates the alert rules in the background while a command runs an operation (every 15 s, or
 * AURUM_ALERT_INTERVAL_SECONDS; 0 turns it off). Only the process holding the store's lease
 * notifies, so many live processes send one notice; closing gives the lease up. Thread-safe.
 */
public final class AlertWatch implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AlertWatch.class);
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(15);

  /** Where the alerts firing go after each evaluation: the {@code aurum_alerts_firing} gauge. */
  @FunctionalInterface
  public interface Firing {
    /** {@code count} alerts of rule metric {@code rule} fire now with {@code severity}. */
    void set(String rule, String severity, int count);

    Firing NONE = (rule, severity, count) -> {};
  }

  private final ScheduledExecutorService timer;
  private final AlertEvaluator evaluator;
  private final Store store;
  private final Clock clock;
  private final Firing firing;

  private AlertWatch(
      ScheduledExecutorService timer,
      AlertEvaluator evaluator,
      Store store,
      Clock clock,
      Firing firing) {
    this.timer = timer;
    this.evaluator = evaluator;
    this.store = store;
    this.clock = clock;
    this.firing = firing;
  }

  /** Starts watching, unless turned off or no rule is configured (then closing does nothing). */
  public static AlertWatch start(Store store, Map<String, String> env, Clock clock) {
    return start(store, env, clock, Firing.NONE);
  }

  /**
   * Starts watching, and after each evaluation reports the alerts firing (as the store holds them,
   * whether or not this process held the lease) to {@code firing}.
   */
  public static AlertWatch start(Store store, Map<String, String> env, Clock clock, Firing firing) {
    Duration interval = interval(env.get("AURUM_ALERT_INTERVAL_SECONDS"));
    try {
      if (interval.isZero() || store.alerts().rules().isEmpty()) {
        return new AlertWatch(null, null, null, null, firing);
      }
    } catch (RuntimeException e) {
      // Alerts must never stop an operation from running.
      LOG.warn("alerts: cannot read the alert rules, none evaluated in this run: {}", e.toString());
      return new AlertWatch(null, null, null, null, firing);
    }
    AlertEvaluator e =
        new AlertEvaluator(
            store,
            new ChannelNotifier(ChannelSettings.from(env)),
            clock,
            owner(),
            interval.multipliedBy(3).plusSeconds(5));
    ScheduledExecutorService t =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread th = new Thread(r, "aurum-alerts");
              th.setDaemon(true);
              return th;
            });
    AlertWatch w = new AlertWatch(t, e, store, clock, firing);
    t.scheduleWithFixedDelay(w::tick, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    return w;
  }

  static Duration interval(String text) {
    if (text == null || text.isBlank()) {
      return DEFAULT_INTERVAL;
    }
    try {
      long s = Long.parseLong(text.strip());
      if (s >= 0) {
        return Duration.ofSeconds(s);
      }
    } catch (NumberFormatException e) {
      // falls through to the default
    }
    // Read when an operation already runs: a bad value must not stop it.
    LOG.warn(
        "AURUM_ALERT_INTERVAL_SECONDS '{}' is not a number of seconds: evaluating alerts every {} s",
        text,
        DEFAULT_INTERVAL.toSeconds());
    return DEFAULT_INTERVAL;
  }

  /** Who this process is, for the lease: pid, host and a random part (pids repeat across hosts). */
  static String owner() {
    String host;
    try {
      host = java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      host = "unknown";
    }
    return ProcessHandle.current().pid()
        + "@"
        + host
        + "/"
        + UUID.randomUUID().toString().substring(0, 8);
  }

  private void tick() {
    // A periodic task that throws is cancelled by the JDK: this loop must survive anything.
    try {
      var r = evaluator.evaluate();
      if (r.failed() > 0) {
        LOG.warn("alerts: {} notice(s) could not be sent; see aurum alerts history", r.failed());
      }
      if (firing != Firing.NONE) {
        // Three small reads; only a run that serves metrics makes them.
        AlertEvaluator.firing(store, clock.instant())
            .forEach((rule, bySev) -> bySev.forEach((sev, n) -> firing.set(rule, sev, n)));
      }
    } catch (Throwable t) {
      LOG.warn("alerts: evaluation failed, trying again next cycle: {}", t.toString());
    }
  }

  @Override
  public void close() {
    if (timer == null) {
      return;
    }
    timer.shutdown();
    try {
      timer.awaitTermination(10, TimeUnit.SECONDS);
      evaluator.stop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.debug("alerts: could not give the evaluation lease up: {}", e.toString());
    }
  }
}
