package io.aurum.connectors.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Ends the reading of a response body at the request's overall deadline. The JDK client's request
 * timeout only covers the wait for the headers, and a per-read timeout never fires on a body that
 * drips a few bytes a second; so a shared daemon timer closes the body when the deadline passes,
 * the blocked read fails, and every later read throws {@link DeadlinePassed}. Thread-safe.
 */
final class RequestDeadline extends FilterInputStream {
  /** The request's deadline passed while its body was being read. */
  static final class DeadlinePassed extends IOException {
    DeadlinePassed() {
      super("deadline passed", null);
    }
  }

  private static final ScheduledExecutorService TIMER =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "upstream-request-deadline");
            t.setDaemon(true);
            return t;
          });

  private final ScheduledFuture<?> expiry;
  private volatile boolean expired;

  /** Reads {@code in} until {@code deadlineNanos} ({@link System#nanoTime} time). */
  RequestDeadline(InputStream in, long deadlineNanos) {
    super(in);
    long remaining = deadlineNanos - System.nanoTime();
    if (remaining <= 0) {
      expired = true;
      this.expiry = null;
    } else {
      this.expiry = TIMER.schedule(this::expire, remaining, TimeUnit.NANOSECONDS);
    }
  }

  /** Whether the deadline has passed (so whatever failed, failed for it). */
  boolean expired() {
    return expired;
  }

  private void expire() {
    expired = true;
    try {
      in.close();
    } catch (IOException | RuntimeException ignored) {
      // closing is best effort; the next read fails either way
    }
  }

  @Override
  public int read() throws IOException {
    check();
    try {
      int b = super.read();
      check();
      return b;
    } catch (IOException e) {
      check();
      throw e;
    }
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    check();
    try {
      int n = super.read(b, off, len);
      check();
      return n;
    } catch (IOException e) {
      check();
      throw e;
    }
  }

  private void check() throws DeadlinePassed {
    if (expired) {
      throw new DeadlinePassed();
    }
  }

  @Override
  public void close() throws IOException {
    if (expiry != null) {
      expiry.cancel(false);
    }
    super.close();
  }
}
