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

  /** Quotas and circuit breakers shared by every operation on this database. */
  QuotaLedger quotaLedger();

  /** Where the data lives, for messages: e.g. {@code sqlite:/home/x/aurum.db}; never a password. */
  String describe();

  @Override
  void close();
}
