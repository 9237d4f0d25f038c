package io.aurum.connectors.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The hand parser gives exactly what {@link Double#parseDouble} gives or declines: checked on many
 * random values and on random corruptions of them.
 */
class DecimalsTest {
  static final SplittableRandom RANDOM = new SplittableRandom(20261125);

  /** The reading of {@code text}, placed mid-buffer so that offsets are exercised. */
  static double parse(String text) {
    byte[] b = ("xx" + text + "yy").getBytes(StandardCharsets.ISO_8859_1);
    return Decimals.parse(b, 2, 2 + text.length());
  }

  /** The answer agrees with Double.parseDouble bit for bit, or declines. */
  static void agrees(String text) {
    double fast = parse(text);
    if (Double.isNaN(fast)) {
      return; // declined: the caller uses Double.parseDouble
    }
    assertThat(Double.doubleToRawLongBits(fast))
        .as(text)
        .isEqualTo(Double.doubleToRawLongBits(Double.parseDouble(text)));
  }

  static void declined(String text) {
    assertThat(parse(text)).as(text).isNaN();
  }

  static void taken(String text) {
    assertThat(parse(text)).as("%s is a plain decimal the fast path takes", text).isNotNaN();
  }

  @Test
  void decimals_are_bit_for_bit_double_parse_double_or_declined() {
    for (int i = 0; i < 50_000; i++) {
      double v = (RANDOM.nextDouble() - 0.5) * Math.pow(10, RANDOM.nextInt(-6, 12));
      int decimals = RANDOM.nextInt(0, 12);
      String text = String.format(Locale.ROOT, "%." + decimals + "f", v);
      agrees(text);
      if (text.replace("-", "").replace(".", "").length() <= 15) {
        taken(text);
      }
      agrees(Double.toString(v)); // may carry an exponent: declined then
      char[] c = text.toCharArray();
      c[RANDOM.nextInt(c.length)] = "0123456789.-+eE ,x".charAt(RANDOM.nextInt(18));
      String mutated = new String(c);
      try {
        Double.parseDouble(mutated);
        agrees(mutated);
      } catch (NumberFormatException e) {
        declined(mutated);
      }
    }
  }

  @Test
  void plain_decimals_take_the_fast_path_and_the_rest_are_declined() {
    for (String s : new String[] {"47.61", "-1.68000", "0", "-0.0", "+3", ".5", "7.", "81234"}) {
      taken(s);
      agrees(s);
    }
    for (String s :
        new String[] {"", "-", ".", "1e5", " 1", "1 ", "NaN", "0x1p3", "1d", "1.2.3", "\u0661"}) {
      declined(s);
    }
    // 2^53 and beyond would need rounding: declined.
    declined("9007199254740993");
    declined("1." + "0".repeat(22));
  }

  @Test
  void number_reads_upstream_decimals_and_exponents_as_double_does() {
    for (String t : new String[] {"0", "-12.5", "+3", ".5", "5.", "1.5e3", "1E-3", " 42 ", "-0"}) {
      assertThat(Decimals.number(t)).as(t).isEqualTo(Double.parseDouble(t.strip()));
    }
  }

  @Test
  void number_gives_non_finite_values_for_overflow_and_non_finite_spellings() {
    assertThat(Decimals.number("1e400")).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(Decimals.number("-1e400")).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(Decimals.number("1.8e309")).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(Decimals.number("nan")).isNaN();
    assertThat(Decimals.number("NaN")).isNaN();
    assertThat(Decimals.number("-inf")).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(Decimals.number("Infinity")).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(Decimals.number("+INF")).isEqualTo(Double.POSITIVE_INFINITY);
  }

  @Test
  void number_refuses_what_only_java_would_take() {
    for (String t :
        new String[] {"0x1p3", "1.5d", "2f", "1_000", "", "-", ".", "1e", "1e+", "--1"}) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> Decimals.number(t))
          .as(t)
          .isInstanceOf(NumberFormatException.class);
    }
  }
}
