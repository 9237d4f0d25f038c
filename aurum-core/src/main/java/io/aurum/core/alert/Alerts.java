package io.aurum.core.alert;

import io.aurum.core.port.AlertRepository.NoticeRow;
import io.aurum.core.port.Store;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/** The alert use cases behind {@code aurum alerts}: configure, list, history and test. */
public final class Alerts {
  private final Store store;
  private final Clock clock;

  public Alerts(Store store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /** A rule with its alert's state (null when it never breached). */
  public record Listed(AlertRule rule, Alert alert) {}

  public List<AlertRule> configure(AlertRequest request, String actor) {
    return store.alerts().configure(request.rules(actor), actor);
  }

  public List<Listed> list() {
    Map<Long, Alert> states = store.alerts().alerts();
    return store.alerts().rules().stream().map(r -> new Listed(r, states.get(r.id()))).toList();
  }

  public List<NoticeRow> history(int limit) {
    return store.alerts().history(limit);
  }

  /**
   * Sends a test notice over {@code channel} and records it; a refusal throws (after recording).
   */
  public Notice test(Channel channel, Notifier notifier) {
    Notice n = Notice.test(channel, clock.instant());
    try {
      notifier.send(n);
    } catch (RuntimeException e) {
      store.alerts().recordNotice(n, false, e.getMessage());
      throw e;
    }
    store.alerts().recordNotice(n, true, null);
    return n;
  }
}
