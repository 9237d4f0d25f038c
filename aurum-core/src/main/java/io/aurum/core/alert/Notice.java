package io.aurum.core.alert;

import java.time.Instant;
import java.util.Locale;

/**
 * One message to one channel: an alert fired (TRIGGER), ended (RESOLVE) or a TEST of the channel.
 * Carries no endpoint or key: the channel sender has those.
 */
public record Notice(
    Channel channel,
    Action action,
    String dedupKey,
    long ruleId,
    String metric,
    String scope,
    String summary,
    String severity,
    Instant at) {

  /** What the notice says happened. */
  public enum Action {
    TRIGGER,
    RESOLVE,
    TEST;

    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** A test notice for {@code channel}: what {@code alerts test} sends. */
  public static Notice test(Channel channel, Instant at) {
    return new Notice(
        channel,
        Action.TEST,
        "aurum-alert-test-" + at.toEpochMilli(),
        0,
        "test",
        "all",
        "Aurum test notice: this channel is configured and reachable",
        "info",
        at);
  }
}
