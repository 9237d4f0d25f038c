package io.aurum.core.error;

/**
 * Root of every error Aurum reports to a user. Each subclass carries the exit code of
 * docs/errors.md, so the command line and the HTTP server map errors in one place each.
 */
public class AurumException extends RuntimeException {
  private final int exitCode;
  private final transient Phrase phrase;

  public AurumException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
    this.phrase = null;
  }

  public AurumException(int exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
    this.phrase = null;
  }

  /**
   * A message that names fields or next steps: {@link #getMessage} says it in core's words ({@link
   * Vocabulary#CONCEPTS}), {@link #message(Vocabulary)} in an interface's.
   */
  public AurumException(int exitCode, Phrase phrase) {
    super(phrase.in(Vocabulary.CONCEPTS));
    this.exitCode = exitCode;
    this.phrase = phrase;
  }

  /** The message in {@code v}'s terms: the flags and commands of the command line, say. */
  public String message(Vocabulary v) {
    return phrase == null ? getMessage() : phrase.in(v);
  }

  /** 0 success, 1 operation failed, 2 bad input, 3 not found, 4 refused by state, 5 validation. */
  public int exitCode() {
    return exitCode;
  }

  /** Bad usage or input: wrong dates, unknown source, malformed files (exit 2). */
  public static final class BadInput extends AurumException {
    public BadInput(String message) {
      super(2, message);
    }

    public BadInput(Phrase phrase) {
      super(2, phrase);
    }

    public BadInput(String message, Throwable cause) {
      super(2, message, cause);
    }
  }

  /** The named operation, dataset or file does not exist (exit 3). */
  public static final class NotFound extends AurumException {
    public NotFound(String message) {
      super(3, message);
    }

    public NotFound(Phrase phrase) {
      super(3, phrase);
    }

    /** No operation {@code id}; the message says how to list them. */
    public static NotFound noOperation(String id) {
      return new NotFound(
          v -> "no operation " + id + ": list them with " + v.step(NextStep.listOperations()));
    }
  }

  /** The change asked for is not allowed from the current state (exit 4). */
  public static final class IllegalStateChange extends AurumException {
    public IllegalStateChange(String message) {
      super(4, message);
    }

    public IllegalStateChange(Phrase phrase) {
      super(4, phrase);
    }
  }

  /** A validation or quality check fell below its threshold (exit 5). */
  public static final class ValidationFailed extends AurumException {
    public ValidationFailed(String message) {
      super(5, message);
    }
  }

  /** The operation ran and failed (exit 1). */
  public static final class OperationFailed extends AurumException {
    public OperationFailed(String message) {
      super(1, message);
    }
  }

  /** A storage failure that is not the user's fault (exit 1). */
  public static final class StorageFailure extends AurumException {
    public StorageFailure(String message, Throwable cause) {
      super(1, message, cause);
    }
  }
}
