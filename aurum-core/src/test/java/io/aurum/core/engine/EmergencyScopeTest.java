package io.aurum.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurum.core.error.AurumException;
import io.aurum.core.port.EmergencyRepository.Emergency;
import io.aurum.core.port.EmergencyRepository.Kind;
import io.aurum.core.usecase.EmergencyRequests;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which operations an emergency covers, and how its requests are checked. */
class EmergencyScopeTest {
  static Emergency of(Kind kind, String source, String operation, boolean includeCritical) {
    return new Emergency(
        1,
        kind,
        source,
        operation,
        includeCritical,
        null,
        false,
        "r",
        "a",
        Instant.EPOCH,
        null,
        null,
        null,
        null,
        List.of());
  }

  @Test
  void a_stop_covers_its_scope_and_spares_critical_operations_unless_it_includes_them() {
    Emergency all = of(Kind.STOP, null, null, false);
    assertThat(all.blocks("A", "eia", false)).isTrue();
    assertThat(all.blocks("A", "fred", false)).isTrue();
    assertThat(all.blocks("A", "eia", true)).isFalse();
    assertThat(of(Kind.STOP, null, null, true).blocks("A", "eia", true)).isTrue();
    // An emergency recovery's operation is spared as critical work is.
    assertThat(all.blocks("A", "eia", false, true)).isFalse();
    assertThat(of(Kind.STOP, null, null, true).blocks("A", "eia", false, true)).isTrue();

    Emergency eia = of(Kind.STOP, "eia", null, false);
    assertThat(eia.blocks("A", "eia", false)).isTrue();
    assertThat(eia.blocks("A", "fred", false)).isFalse();

    Emergency one = of(Kind.STOP, null, "A", false);
    assertThat(one.blocks("A", "eia", false)).isTrue();
    assertThat(one.blocks("B", "eia", false)).isFalse();
    assertThat(one.blocks(null, "eia", false)).isFalse();
  }

  @Test
  void an_isolation_blocks_critical_operations_of_its_source_and_a_monitor_blocks_nothing() {
    Emergency isolation = of(Kind.ISOLATION, "eia", null, true);
    assertThat(isolation.blocks("A", "eia", true)).isTrue();
    assertThat(isolation.blocks("A", "fred", true)).isFalse();
    assertThat(of(Kind.MONITOR, null, null, false).blocks("A", "eia", false)).isFalse();
  }

  @Test
  void an_emergency_expires_or_is_released() {
    Emergency e =
        new Emergency(
            1,
            Kind.MONITOR,
            null,
            null,
            false,
            "elevated",
            false,
            null,
            "a",
            Instant.EPOCH,
            Instant.ofEpochSecond(10),
            null,
            null,
            null,
            List.of());
    assertThat(e.active(Instant.ofEpochSecond(9))).isTrue();
    assertThat(e.active(Instant.ofEpochSecond(10))).isFalse();
  }

  @Test
  void requests_are_checked_before_anything_is_written() {
    assertThatThrownBy(() -> new EmergencyRequests.Stop(true, null, null, " ", false, false))
        .isInstanceOf(AurumException.BadInput.class)
        .hasMessageContaining("needs reason: say why");
    assertThatThrownBy(() -> new EmergencyRequests.Stop(false, null, null, "r", false, false))
        .hasMessageContaining("exactly one");
    assertThatThrownBy(() -> new EmergencyRequests.Stop(false, "nope", null, "r", false, false))
        .isInstanceOf(AurumException.BadInput.class);
    assertThat(new EmergencyRequests.Stop(false, "EIA", null, "r", false, false).source())
        .isEqualTo("eia");
    assertThat(EmergencyRequests.duration("4h")).isEqualTo(Duration.ofHours(4));
    assertThat(EmergencyRequests.duration("30m")).isEqualTo(Duration.ofMinutes(30));
    assertThat(EmergencyRequests.duration("1d")).isEqualTo(Duration.ofDays(1));
    assertThatThrownBy(() -> EmergencyRequests.duration("4 hours"))
        .hasMessageContaining("bad duration");
    assertThatThrownBy(() -> EmergencyRequests.level("panic"))
        .hasMessageContaining("unknown level");
    assertThatThrownBy(
            () ->
                new EmergencyRequests.Release(
                    EmergencyRequests.Target.ISOLATION, null, null, false))
        .hasMessageContaining("release isolation needs source S");
  }
}
