package io.aurum.app.cli;

import io.aurum.core.engine.EngineListener;

/** The engine listener of the commands that run an operation: its events to the log. */
final class Listeners {
  private Listeners() {}

  /** A fresh {@link EventLog}: one a run, as each tallies what its run did. */
  static EngineListener logging() {
    return new EventLog();
  }
}
