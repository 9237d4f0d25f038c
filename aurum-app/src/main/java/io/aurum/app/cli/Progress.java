package io.aurum.app.cli;

import io.aurum.core.engine.LiveProgress;
import io.aurum.core.engine.LogContext;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Shows a running operation's progress: a live bar redrawn in place on a terminal (tasks, records,
 * rate, ETA, errors, and what it waits for while a quota, a 429's hold or an open circuit breaker
 * holds it), or one plain line every {@code --progress-interval} seconds otherwise; with {@code
 * --log-format json}, that line goes to the log at INFO, with the operation id.
 */
final class Progress implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger("aurum.progress");

  private final LiveProgress live;
  private final PrintWriter out;
  private final boolean terminal;
  private final ScheduledExecutorService timer;
  private final boolean logged;

  Progress(
      String operationId, LiveProgress live, PrintWriter out, boolean terminal, Duration interval) {
    this.live = live;
    this.out = out;
    this.logged = Logging.json();
    this.terminal = terminal && !logged;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t =
                  new Thread(
                      () -> {
                        MDC.put(LogContext.OPERATION_ID, operationId);
                        r.run();
                      },
                      "aurum-progress");
              t.setDaemon(true);
              return t;
            });
    long period = this.terminal ? 250 : Math.max(1, interval.toMillis());
    timer.scheduleAtFixedRate(this::print, period, period, TimeUnit.MILLISECONDS);
  }

  /** Whether standard input and output are a terminal. */
  static boolean onTerminal() {
    return System.console() != null;
  }

  String line() {
    int total = live.total();
    long done = live.done();
    double secs = Math.max(0.001, live.elapsedSeconds());
    double rate = live.records.get() / secs;
    double taskRate = (done - 0) / secs;
    String eta =
        taskRate <= 0 || total <= done
            ? "-"
            : Format.duration(Duration.ofMillis((long) ((total - done) / taskRate * 1000)));
    double pct = total == 0 ? 100 : 100.0 * done / total;
    String bar = "";
    if (terminal) {
      int width = 30;
      int filled = (int) Math.round(width * pct / 100);
      bar = "[" + "#".repeat(filled) + "-".repeat(width - filled) + "] ";
    }
    String waiting = live.waitingFor();
    return String.format(
        Locale.ROOT,
        "%s%d/%d tasks (%.1f%%), %d records, %.0f rec/s, %d API calls, %d retries, %d errors, ETA %s%s",
        bar,
        done,
        total,
        pct,
        live.records.get(),
        rate,
        live.apiCalls.get(),
        live.retries.get(),
        live.errors.get(),
        eta,
        waiting == null ? "" : " | " + waiting);
  }

  private void print() {
    try {
      if (logged) {
        LOG.info("progress: {}", line());
      } else if (terminal) {
        out.print("\r" + line() + "\u001b[K");
      } else {
        out.println(line());
      }
      out.flush();
    } catch (Throwable t) {
      // Progress display must never break a run.
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
    if (terminal) {
      out.print("\r" + line() + "\u001b[K\n");
      out.flush();
    }
  }
}
