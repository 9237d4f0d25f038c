package io.aurum.core.engine;

import io.aurum.core.model.Operation;
import io.aurum.core.model.Task;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.ThreadFactory;
import org.slf4j.MDC;

/**
 * What a log line is about, in SLF4J's MDC, so that JSON logs can be searched by it (issue 19 part
 * 6, docs/monitoring.md): {@code operation_id} and {@code source} on every line of a run, {@code
 * dataset} and {@code task} on the lines of a fetch window (a window's tasks are its ids, comma
 * separated). The MDC is per thread: the runner's threads start with the operation's keys and a
 * worker takes a window's keys while it runs it. Closing gives the thread back the keys it had.
 */
public final class LogContext implements AutoCloseable {
  public static final String OPERATION_ID = "operation_id";
  public static final String SOURCE = "source";
  public static final String DATASET = "dataset";
  public static final String TASK = "task";

  private final Map<String, String> before;

  private LogContext() {
    this.before = MDC.getCopyOfContextMap();
  }

  /** The operation's keys on this thread, until closed. */
  public static LogContext of(Operation op) {
    LogContext c = new LogContext();
    MDC.put(OPERATION_ID, op.id());
    MDC.put(SOURCE, op.source().cliName());
    return c;
  }

  /** A task's keys on this thread, until closed. */
  public static LogContext of(Task task) {
    return of(List.of(task));
  }

  /** A fetch window's keys on this thread, until closed: its operation, source, datasets, tasks. */
  public static LogContext of(List<Task> window) {
    LogContext c = new LogContext();
    Task first = window.get(0);
    MDC.put(OPERATION_ID, first.operationId());
    MDC.put(SOURCE, first.partition().source().cliName());
    if (window.size() == 1) {
      MDC.put(DATASET, first.partition().dataset());
      MDC.put(TASK, Long.toString(first.id()));
      return c;
    }
    Set<String> datasets = new LinkedHashSet<>();
    StringJoiner ids = new StringJoiner(",");
    for (Task t : window) {
      datasets.add(t.partition().dataset());
      ids.add(Long.toString(t.id()));
    }
    MDC.put(DATASET, String.join(",", datasets));
    MDC.put(TASK, ids.toString());
    return c;
  }

  /**
   * Daemon threads named {@code name-1}, {@code name-2}, ... that start with the keys this thread
   * has now (the operation's, when the runner makes its pools).
   */
  static ThreadFactory daemonThreads(String name) {
    Map<String, String> keys = MDC.getCopyOfContextMap();
    java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
    return r -> {
      Thread t = new Thread(carrying(keys, r), name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** {@code r}, run with the keys this thread has now, on whichever thread runs it. */
  static Runnable carried(Runnable r) {
    return carrying(MDC.getCopyOfContextMap(), r);
  }

  private static Runnable carrying(Map<String, String> keys, Runnable r) {
    if (keys == null || keys.isEmpty()) {
      return r;
    }
    return () -> {
      MDC.setContextMap(keys);
      r.run();
    };
  }

  @Override
  public void close() {
    if (before == null) {
      MDC.clear();
    } else {
      MDC.setContextMap(before);
    }
  }
}
