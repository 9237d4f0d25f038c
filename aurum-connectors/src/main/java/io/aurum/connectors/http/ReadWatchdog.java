package io.aurum.connectors.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Bounds how long a single read of a response body may block. The JDK client's request timeout only
 * covers the wait for the headers; a server that stops sending mid-body would otherwise hang the
 * caller forever. A shared daemon timer checks every open body and closes one whose current read
 * has made no progress for the timeout; the blocked read then fails with {@link
 * BodyTimeoutException}. Thread-safe.
 */
final class ReadWatchdog extends FilterInputStream {
  /** A body read made no progress within the timeout. */
  static final class BodyTimeoutException extends IOException {
    BodyTimeoutException(String message) {
      super(message);
    }
  }

  private static final ScheduledExecutorService TIMER =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "upstream-read-watchdog");
            t.setDaemon(true);
            return t;
          });

  private final long timeoutNanos;
  private final ScheduledFuture<?> check;
  private volatile long readingSince; // 0 when not inside a read
  private volatile boolean timedOut;

  ReadWatchdog(InputStream in, Duration timeout) {
    super(in);
    this.timeoutNanos = timeout.toNanos();
    long period = Math.max(10, timeout.toMillis() / 4);
    this.check = TIMER.scheduleWithFixedDelay(this::check, period, period, TimeUnit.MILLISECONDS);
  }

  private void check() {
    long since = readingSince;
    if (since != 0 && System.nanoTime() - since > timeoutNanos && !timedOut) {
      timedOut = true;
      try {
        in.close();
      } catch (IOException | RuntimeException ignored) {
        // closing is best effort; the read fails either way
      }
    }
  }

  @Override
  public int read() throws IOException {
    begin();
    try {
      return super.read();
    } catch (IOException e) {
      throw translate(e);
    } finally {
      end();
    }
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    begin();
    try {
      int n = super.read(b, off, len);
      if (timedOut) {
        throw translate(null);
      }
      return n;
    } catch (IOException e) {
      throw translate(e);
    } finally {
      end();
    }
  }

  private void begin() throws IOException {
    if (timedOut) {
      throw translate(null);
    }
    readingSince = System.nanoTime();
  }

  private void end() {
    readingSince = 0;
  }

  private IOException translate(IOException e) {
    if (timedOut) {
      return new BodyTimeoutException(
          "the response body stalled: no data for "
              + Duration.ofNanos(timeoutNanos).toMillis()
              + " ms");
    }
    return e;
  }

  @Override
  public void close() throws IOException {
    check.cancel(false);
    super.close();
  }
}
