package io.aurum.core.usecase;

import io.aurum.core.error.AurumException;
import io.aurum.core.model.Operation;
import io.aurum.core.model.OperationState;
import io.aurum.core.port.EmergencyRepository.Emergency;
import io.aurum.core.port.EmergencyRepository.Kind;
import io.aurum.core.port.Store;
import io.aurum.core.usecase.EmergencyRequests.Release;
import io.aurum.core.usecase.EmergencyRequests.Target;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** {@link Emergencies#release}: which emergencies end, and what of theirs is to be resumed. */
final class EmergencyReleases {
  private EmergencyReleases() {}

  static Emergencies.Released release(Store store, Instant now, Release r, String actor) {
    List<Emergency> active = store.emergencies().active(now);
    Kind kind =
        switch (r.target()) {
          case STOP -> Kind.STOP;
          case ISOLATION -> Kind.ISOLATION;
          case MONITOR -> Kind.MONITOR;
        };
    List<Emergency> ending =
        active.stream()
            .filter(e -> e.kind() == kind)
            .filter(e -> r.target() != Target.ISOLATION || r.source().equals(e.scopeSource()))
            .toList();
    if (ending.isEmpty()) {
      throw new AurumException.NotFound(
          "no active emergency "
              + (r.target() == Target.ISOLATION ? "isolation of " + r.source() : kind.name())
              + ": see aurum emergency status");
    }
    List<Emergency> remaining = active.stream().filter(e -> !ending.contains(e)).toList();
    List<String> toResume = new ArrayList<>();
    for (Emergency e : ending) {
      for (String id : e.paused()) {
        Operation op = store.operations().find(id).orElse(null);
        if (op != null
            && op.state() == OperationState.PAUSED
            && !toResume.contains(id)
            && remaining.stream()
                .noneMatch(
                    o ->
                        o.blocks(
                            id,
                            op.source().cliName(),
                            store.emergencies().critical(id),
                            store.emergencies().recovery(id)))) {
          toResume.add(id);
        }
      }
    }
    if (!r.dryRun()) {
      for (Emergency e : ending) {
        store.emergencies().release(e.id(), actor, r.reason(), now);
      }
    }
    return new Emergencies.Released(ending, toResume, r.dryRun());
  }
}
