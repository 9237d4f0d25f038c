package io.aurum.core.relay;

/**
 * One change as sent downstream: the source (its topic), the key ({@code source/dataset/period}, or
 * {@code source} for an operation rollback that names no partition), the kind, the version id when
 * the change has one, the outbox id and the value (JSON, docs/schemas/kafka).
 */
public record ChangeMessage(
    long outboxId, String source, String key, String kind, Long versionId, String value) {

  /** The change kinds, as in the {@code aurum-change-kind} header. */
  public static final String PUBLISH = "publish";

  public static final String QUARANTINE = "quarantine";
  public static final String ROLLBACK = "rollback";
  public static final String ISOLATE = "corruption-isolate";
  public static final String RELEASE = "corruption-release";

  /** A row of no shape above (never written by Aurum today; sent, not dropped). */
  public static final String OTHER = "other";
}
