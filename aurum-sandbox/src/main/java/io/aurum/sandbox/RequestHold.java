package io.aurum.sandbox;

/**
 * The hold of {@link Faults}: while on, every request is received (and counted) but waits for the
 * release before it is answered, an upstream that hangs for as long as a test needs, not for a
 * time. Thread-safe (its state guarded by {@code this}).
 */
final class RequestHold {
  private boolean held;

  synchronized void hold() {
    held = true;
  }

  /** Answers the held requests and stops holding. */
  synchronized void release() {
    held = false;
    notifyAll();
  }

  /** Waits while requests are held; false when interrupted (the sandbox is closing). */
  synchronized boolean awaitRelease() {
    while (held) {
      try {
        wait();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }
}
