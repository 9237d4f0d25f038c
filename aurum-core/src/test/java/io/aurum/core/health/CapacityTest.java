package io.aurum.core.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurum.core.error.AurumException;
import org.junit.jupiter.api.Test;

class CapacityTest {
  static final Capacity.Available MACHINE =
      new Capacity.Available(4, 8L << 30, 2L << 30, 100L << 30);

  @Test
  void sizes_take_binary_and_decimal_units_and_plain_bytes() {
    assertThat(Capacity.parseSize("8Gi")).isEqualTo(8L << 30);
    assertThat(Capacity.parseSize("512Mi")).isEqualTo(512L << 20);
    assertThat(Capacity.parseSize("2G")).isEqualTo(2_000_000_000L);
    assertThat(Capacity.parseSize("1.5gb")).isEqualTo(1_500_000_000L);
    assertThat(Capacity.parseSize("1024")).isEqualTo(1024);
    assertThatThrownBy(() -> Capacity.parseSize("lots"))
        .isInstanceOf(AurumException.BadInput.class)
        .hasMessageContaining("'lots' is not a size");
    assertThatThrownBy(() -> Capacity.parseSize("-1Gi"))
        .isInstanceOf(AurumException.BadInput.class);
  }

  @Test
  void cpus_take_millicores() {
    assertThat(Capacity.parseCpu("500m")).isEqualTo(0.5);
    assertThat(Capacity.parseCpu("2")).isEqualTo(2.0);
    assertThatThrownBy(() -> Capacity.parseCpu("two")).isInstanceOf(AurumException.BadInput.class);
  }

  @Test
  void a_need_fits_only_when_both_cpu_and_memory_fit() {
    Capacity.Result ok = Capacity.check(4, 8L << 30, 2.0, MACHINE);
    assertThat(ok.fits()).isTrue();
    assertThat(ok.note())
        .isEqualTo("8.0 CPU-hours over 2.0 h; the machine stays sufficient for the duration");

    Capacity.Result cpu = Capacity.check(4.5, 1L << 30, null, MACHINE);
    assertThat(cpu.cpuFits()).isFalse();
    assertThat(cpu.memoryFits()).isTrue();
    assertThat(cpu.fits()).isFalse();
    assertThat(cpu.note()).isEmpty();

    Capacity.Result mem = Capacity.check(1, (8L << 30) + 1, 1.0, MACHINE);
    assertThat(mem.fits()).isFalse();
    assertThat(mem.note()).endsWith("stays short for the duration");
  }

  @Test
  void negative_needs_and_a_duration_of_zero_are_bad_input() {
    assertThatThrownBy(() -> Capacity.check(-1, 0, null, MACHINE))
        .isInstanceOf(AurumException.BadInput.class);
    assertThatThrownBy(() -> Capacity.check(1, 0, 0.0, MACHINE))
        .isInstanceOf(AurumException.BadInput.class)
        .hasMessageContaining("estimated hours must be above 0");
  }
}
