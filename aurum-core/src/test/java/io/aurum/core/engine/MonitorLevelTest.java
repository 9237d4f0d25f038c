package io.aurum.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurum.core.port.EmergencyRepository.Emergency;
import io.aurum.core.port.EmergencyRepository.Kind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class MonitorLevelTest {
  static Emergency monitor(String level) {
    return new Emergency(
        1,
        Kind.MONITOR,
        null,
        null,
        false,
        level,
        false,
        null,
        "a",
        Instant.EPOCH,
        null,
        null,
        null,
        null,
        List.of());
  }

  @Test
  void the_newest_monitor_sets_the_level_and_none_is_normal() {
    assertThat(MonitorLevel.of(List.of())).isEqualTo(MonitorLevel.NORMAL);
    assertThat(MonitorLevel.of(List.of(monitor("elevated"), monitor("critical"))))
        .isEqualTo(MonitorLevel.CRITICAL);
  }

  @Test
  void raised_levels_shorten_intervals_down_to_a_floor() {
    Duration beat = Duration.ofSeconds(10);
    assertThat(MonitorLevel.NORMAL.interval(beat)).isEqualTo(beat);
    assertThat(MonitorLevel.ELEVATED.interval(beat)).isEqualTo(Duration.ofSeconds(5));
    assertThat(MonitorLevel.CRITICAL.interval(beat)).isEqualTo(Duration.ofMillis(2500));
    assertThat(MonitorLevel.CRITICAL.interval(Duration.ofMillis(600)))
        .isEqualTo(Duration.ofMillis(250));
    assertThat(MonitorLevel.CRITICAL.interval(Duration.ofMillis(100)))
        .isEqualTo(Duration.ofMillis(100));
  }
}
