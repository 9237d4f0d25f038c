package io.aurum.core.port;

/**
 * The store: operations, tasks, partition versions with heads, and the audit log, behind one
 * contract that SQLite and PostgreSQL both pass. Implementations are thread-safe.
 */
public interface Store extends AutoCloseable {
  OperationRepository operations();

  TaskRepository tasks();

  VersionRepository versions();

  AuditLog audit();

  /** Read-only, streaming access for the integrity scanner ({@code corruption detect}). */
  default IntegrityReader integrity() {
    throw new UnsupportedOperationException(describe() + " has no integrity reader");
  }

  /**
   * Corruption isolations ({@code corruption isolate|release|recover}), shared by every process.
   */
  default IsolationRepository isolations() {
    throw new UnsupportedOperationException(describe() + " has no corruption isolations");
  }

  /** Quotas and circuit breakers shared by every operation on this database. */
  QuotaLedger quotaLedger();

  /** Emergency stops, isolations and monitoring levels, shared by every process. */
  EmergencyRepository emergencies();

  /** The progress of emergency recovery plans ({@code aurum emergency recover}). */
  default RecoveryLog recoveries() {
    throw new UnsupportedOperationException(describe() + " keeps no recovery progress");
  }

  /** The server's bearer tokens (issue 20). */
  default TokenRepository tokens() {
    throw new UnsupportedOperationException(describe() + " keeps no server tokens");
  }

  /** Alert rules, state, notices and the evaluation lease ({@code aurum alerts}). */
  default AlertRepository alerts() {
    throw new UnsupportedOperationException(describe() + " keeps no alerts");
  }

  /** The outbox as the Kafka relay reads it ({@code aurum relay}, {@code serve --relay}). */
  default io.aurum.core.relay.Outbox outbox() {
    throw new UnsupportedOperationException(describe() + " has no relay outbox");
  }

  /** The stored history of operations' and sources' figures ({@code aurum metrics}). */
  default MetricsHistory history() {
    throw new UnsupportedOperationException(describe() + " keeps no metrics history");
  }

  /**
   * Whether the database admits one write transaction at a time (SQLite). The engine then runs its
   * claims inside the publisher's group commits; elsewhere claims run beside them, on their own
   * connection.
   */
  /** The workers and their queue ({@code aurum worker}); PostgreSQL only in practice. */
  default WorkerRepository workers() {
    throw new UnsupportedOperationException(describe() + " keeps no workers");
  }

  default boolean singleWriter() {
    return false;
  }

  /** Where the data lives, for messages: e.g. {@code sqlite:/home/x/aurum.db}; never a password. */
  String describe();

  @Override
  void close();
}
