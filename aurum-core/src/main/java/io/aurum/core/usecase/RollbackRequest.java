package io.aurum.core.usecase;

import io.aurum.core.error.Vocabulary;
import io.aurum.core.request.Origin;
import io.aurum.core.rollback.RollbackService;
import java.util.Objects;

/**
 * A rollback as asked (runbook §3.6): the operation, how careful ({@code type}), whether an
 * emergency rollback was confirmed, whether to roll back later operations first ({@code cascade}),
 * the checksum validations before and after (a controlled rollback's), whether to back the versions
 * up first, and the reason kept in the audit trail. Validated by {@link Rollbacks}.
 */
public record RollbackRequest(
    String operationId,
    RollbackService.Type type,
    boolean confirmed,
    boolean cascade,
    boolean preValidation,
    boolean postValidation,
    boolean backup,
    String reason,
    Origin origin) {

  public RollbackRequest {
    Objects.requireNonNull(operationId, "operationId");
    Objects.requireNonNull(type, "type");
    origin = origin == null ? Vocabulary.CONCEPTS : origin;
  }
}
