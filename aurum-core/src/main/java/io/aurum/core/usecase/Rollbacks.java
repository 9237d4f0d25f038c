package io.aurum.core.usecase;

import io.aurum.core.error.AurumException;
import io.aurum.core.rollback.RollbackService;
import java.util.List;

/**
 * The rollback use case (runbook §3.6): checks a {@link RollbackRequest} and has {@link
 * RollbackService} move every head the operation set back, in one transaction. Thread-safe.
 */
public final class Rollbacks {
  private final RollbackService service;

  public Rollbacks(RollbackService service) {
    this.service = service;
  }

  /** The operations rolled back, later ones (a cascade's) first. */
  public record RolledBack(List<RollbackService.Done> done) {
    public RolledBack {
      done = List.copyOf(done);
    }
  }

  /**
   * The service's request: an emergency rollback, which validates nothing, must be confirmed;
   * checksum validations before and after are a controlled rollback's only, so an emergency
   * rollback that asks for one is refused rather than run unvalidated.
   */
  public static RollbackService.Request check(RollbackRequest r, String actor) {
    boolean controlled = r.type() == RollbackService.Type.CONTROLLED;
    if (!controlled && !r.confirmed()) {
      throw new AurumException.BadInput(
          "an emergency rollback of "
              + r.operationId()
              + " needs "
              + r.origin().name("confirm_rollback")
              + " (or use "
              + r.origin().name("rollback_type")
              + " controlled)");
    }
    if (!controlled && (r.preValidation() || r.postValidation())) {
      String asked =
          r.preValidation()
              ? r.origin().name("pre_rollback_validation")
              : r.origin().name("post_rollback_validation");
      throw new AurumException.BadInput(
          "an emergency rollback validates nothing: drop "
              + asked
              + " or use "
              + r.origin().name("rollback_type")
              + " controlled");
    }
    return new RollbackService.Request(
        r.operationId(),
        r.type(),
        r.cascade(),
        r.preValidation(),
        r.postValidation(),
        r.backup(),
        r.reason(),
        actor);
  }

  /** Rolls the operation back (with cascade, the later ones first, newest first). */
  public RolledBack rollback(RollbackRequest r, String actor) {
    return new RolledBack(service.rollback(check(r, actor)));
  }
}
