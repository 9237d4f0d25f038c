package io.aurum.core.model;

/** Kinds of operation; the prefix of an operation id. */
public enum OperationType {
  BACKFILL,
  REPLAY,
  PARTIAL,
  INGEST,
  ROLLBACK,
  RECOVERY
}
