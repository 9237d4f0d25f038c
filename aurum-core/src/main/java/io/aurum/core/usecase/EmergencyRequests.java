package io.aurum.core.usecase;

import io.aurum.core.error.AurumException;
import io.aurum.core.error.Phrase;
import io.aurum.core.model.SourceId;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The requests of the emergency commands, each checked as it is made (exit 2 when wrong). */
public final class EmergencyRequests {
  private EmergencyRequests() {}

  /** The monitoring levels, lowest first. */
  public static final Set<String> LEVELS = Set.of("normal", "elevated", "critical");

  private static final Pattern DURATION = Pattern.compile("(\\d{1,6})([smhd])");

  /** {@code emergency stop}: exactly one scope (all, a source, an operation) and a reason. */
  public record Stop(
      boolean all,
      String source,
      String operationId,
      String reason,
      boolean includeCritical,
      boolean dryRun) {
    public Stop {
      int scopes = (all ? 1 : 0) + (source != null ? 1 : 0) + (operationId != null ? 1 : 0);
      if (scopes != 1) {
        throw new AurumException.BadInput(
            v ->
                "emergency stop needs exactly one of "
                    + v.name("all")
                    + ", "
                    + v.name("source")
                    + " S, "
                    + v.name("operation_id")
                    + " ID");
      }
      reason =
          required(
              reason, v -> "emergency stop needs " + v.name("reason") + ": say why, it is audited");
      source = source == null ? null : SourceId.parse(source).cliName();
    }
  }

  /** {@code emergency isolate}: a source; its outbox rows held with {@code isolateKafka}. */
  public record Isolate(String source, boolean isolateKafka, String reason, boolean dryRun) {
    public Isolate {
      if (source == null) {
        throw new AurumException.BadInput(
            v -> "emergency isolate needs " + v.name("source") + " S");
      }
      source = SourceId.parse(source).cliName();
    }
  }

  /** {@code emergency monitor}: a level and how long it stands. */
  public record Monitor(String level, Duration duration, String reason, boolean dryRun) {
    public Monitor {
      level = EmergencyRequests.level(level);
      if (duration == null || duration.isZero() || duration.isNegative()) {
        throw new AurumException.BadInput(
            v -> v.name("duration") + " must be positive, e.g. 4h or 30m");
      }
    }
  }

  /** What a release ends. */
  public enum Target {
    STOP,
    ISOLATION,
    MONITOR
  }

  /** {@code emergency release}: the active stops, a source's isolation, or the monitor level. */
  public record Release(Target target, String source, String reason, boolean dryRun) {
    public Release {
      if (target == Target.ISOLATION && source == null) {
        throw new AurumException.BadInput(
            v -> "release " + v.name("isolation") + " needs " + v.name("source") + " S");
      }
      if (target != Target.ISOLATION && source != null) {
        throw new AurumException.BadInput(
            v -> v.name("source") + " goes with release " + v.name("isolation") + " only");
      }
      source = source == null ? null : SourceId.parse(source).cliName();
    }
  }

  /** A level, checked: normal, elevated or critical. */
  public static String level(String text) {
    String l = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    if (!LEVELS.contains(l)) {
      throw new AurumException.BadInput(
          "unknown level '" + text + "': use normal, elevated or critical");
    }
    return l;
  }

  /** A duration such as {@code 4h}, {@code 30m}, {@code 90s} or {@code 1d}. */
  public static Duration duration(String text) {
    Matcher m = DURATION.matcher(text == null ? "" : text.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new AurumException.BadInput(
          "bad duration '" + text + "': use a number and s, m, h or d, e.g. 4h or 30m");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }

  private static String required(String text, Phrase message) {
    if (text == null || text.isBlank()) {
      throw new AurumException.BadInput(message);
    }
    return text.strip();
  }
}
