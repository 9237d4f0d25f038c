package io.aurum.core.error;

import java.util.Objects;

/**
 * A step a message tells its reader to take, named by what it does, not by how an interface spells
 * it: each interface's {@link Vocabulary} says that (the command line as the command and flags to
 * type, an HTTP API as its request). {@code subject} is what the step is about: an operation id, a
 * source, or null.
 */
public record NextStep(Action action, String subject) {
  public NextStep {
    Objects.requireNonNull(action, "action");
  }

  /** What the step does. */
  public enum Action {
    /** See the state and progress of operation {@code subject}. */
    SHOW_STATUS("the status of operation"),
    /**
     * Wait, when starting an operation, for operation {@code subject} that holds its partitions.
     */
    WAIT_FOR_OPERATION("waiting for operation"),
    /** Resume paused or stalled operation {@code subject}. */
    RESUME_OPERATION("a resume of operation"),
    /** Remove the staged versions operation {@code subject} left. */
    CLEAN_UP_OPERATION("a cleanup of operation"),
    /** List the operations. */
    LIST_OPERATIONS("the list of operations"),
    /**
     * Roll back, with operation {@code subject}, the operations that changed its partitions later.
     */
    CASCADE_ROLLBACK("a cascading rollback of operation"),
    /** The retention cleanup that deletes superseded versions. */
    PURGE_SUPERSEDED("the purge of superseded versions"),
    /** Reprocess the partitions listed in a failure log file. */
    REPROCESS_FAILURE_LOG("a reprocess of a failure log"),
    /** Detect version conflicts and write them to a conflict file. */
    WRITE_CONFLICT_FILE("a conflict detection written to a file"),
    /** Check a dataset's schema and write the partitions it conflicts with to a file. */
    WRITE_SCHEMA_CHECK_FILE("a schema check written to a file"),
    /** End the active emergency stops. */
    RELEASE_STOP("the release of the emergency stop"),
    /** End the emergency isolation of source {@code subject}. */
    RELEASE_ISOLATION("the release of the isolation of"),
    /** End the raised emergency monitoring level. */
    RELEASE_MONITOR("the release of the monitoring level");

    private final String words;

    Action(String words) {
      this.words = words;
    }

    /** The step in words, without any interface's syntax. */
    public String words() {
      return words;
    }
  }

  public static NextStep showStatus(String operationId) {
    return new NextStep(Action.SHOW_STATUS, operationId);
  }

  public static NextStep waitFor(String operationId) {
    return new NextStep(Action.WAIT_FOR_OPERATION, operationId);
  }

  public static NextStep resume(String operationId) {
    return new NextStep(Action.RESUME_OPERATION, operationId);
  }

  public static NextStep cleanUp(String operationId) {
    return new NextStep(Action.CLEAN_UP_OPERATION, operationId);
  }

  public static NextStep listOperations() {
    return new NextStep(Action.LIST_OPERATIONS, null);
  }

  public static NextStep cascadeRollback(String operationId) {
    return new NextStep(Action.CASCADE_ROLLBACK, operationId);
  }

  public static NextStep purgeSuperseded() {
    return new NextStep(Action.PURGE_SUPERSEDED, null);
  }

  public static NextStep reprocessFailureLog() {
    return new NextStep(Action.REPROCESS_FAILURE_LOG, null);
  }

  public static NextStep writeConflictFile() {
    return new NextStep(Action.WRITE_CONFLICT_FILE, null);
  }

  public static NextStep writeSchemaCheckFile() {
    return new NextStep(Action.WRITE_SCHEMA_CHECK_FILE, null);
  }
}
