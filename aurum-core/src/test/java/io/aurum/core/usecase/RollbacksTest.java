package io.aurum.core.usecase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurum.core.error.AurumException;
import io.aurum.core.request.Origin;
import io.aurum.core.rollback.RollbackService;
import io.aurum.core.rollback.RollbackService.Type;
import io.aurum.core.testing.TestFlags;
import org.junit.jupiter.api.Test;

/**
 * The rules a rollback request passes before the store is touched, and what it asks the service.
 */
class RollbacksTest {
  private static final String OP = "BACKFILL_20240101_EIA";

  /** The command line's spelling unless a test names another origin. */
  private static Origin flagsUnless(Origin origin) {
    return origin == null ? TestFlags.FLAGS : origin;
  }

  private static RollbackRequest request(Type type, boolean confirmed, Origin origin) {
    return new RollbackRequest(
        OP, type, confirmed, true, true, true, true, "why", flagsUnless(origin));
  }

  private static RollbackRequest emergency(boolean pre, boolean post, Origin origin) {
    return new RollbackRequest(
        OP, Type.EMERGENCY, true, true, pre, post, true, "why", flagsUnless(origin));
  }

  @Test
  void an_emergency_rollback_validates_nothing_so_it_must_be_confirmed() {
    assertThatThrownBy(() -> Rollbacks.check(request(Type.EMERGENCY, false, null), "me"))
        .isInstanceOf(AurumException.BadInput.class)
        .hasMessage(
            "an emergency rollback of "
                + OP
                + " needs --confirm-rollback (or use --rollback-type controlled)");
    assertThatThrownBy(
            () -> Rollbacks.check(request(Type.EMERGENCY, false, f -> "body." + f), "me"))
        .hasMessage(
            "an emergency rollback of "
                + OP
                + " needs body.confirm_rollback (or use body.rollback_type controlled)");
  }

  @Test
  void a_confirmed_emergency_rollback_keeps_the_rest() {
    RollbackService.Request r = Rollbacks.check(emergency(false, false, null), "me");
    assertThat(r)
        .isEqualTo(
            new RollbackService.Request(OP, Type.EMERGENCY, true, false, false, true, "why", "me"));
  }

  @Test
  void an_emergency_rollback_asked_to_validate_is_refused_rather_than_run_unvalidated() {
    assertThatThrownBy(() -> Rollbacks.check(emergency(true, true, null), "me"))
        .isInstanceOf(AurumException.BadInput.class)
        .hasMessage(
            "an emergency rollback validates nothing: drop --pre-rollback-validation"
                + " or use --rollback-type controlled");
    assertThatThrownBy(() -> Rollbacks.check(emergency(false, true, null), "me"))
        .hasMessage(
            "an emergency rollback validates nothing: drop --post-rollback-validation"
                + " or use --rollback-type controlled");
    assertThatThrownBy(() -> Rollbacks.check(emergency(true, false, f -> "body." + f), "me"))
        .hasMessage(
            "an emergency rollback validates nothing: drop body.pre_rollback_validation"
                + " or use body.rollback_type controlled");
  }

  @Test
  void a_controlled_rollback_needs_no_confirmation_and_keeps_its_validations() {
    RollbackService.Request r = Rollbacks.check(request(Type.CONTROLLED, false, null), "me");
    assertThat(r)
        .isEqualTo(
            new RollbackService.Request(OP, Type.CONTROLLED, true, true, true, true, "why", "me"));
  }

  @Test
  void the_rollback_type_is_emergency_or_controlled_named_the_way_its_origin_wrote_it() {
    assertThat(Type.parse(" Controlled ", TestFlags.FLAGS)).isEqualTo(Type.CONTROLLED);
    assertThatThrownBy(() -> Type.parse("gentle", TestFlags.FLAGS))
        .isInstanceOf(AurumException.BadInput.class)
        .hasMessage("unknown --rollback-type 'gentle': use emergency or controlled");
    assertThatThrownBy(() -> Type.parse("gentle", f -> "body." + f))
        .hasMessage("unknown body.rollback_type 'gentle': use emergency or controlled");
  }
}
