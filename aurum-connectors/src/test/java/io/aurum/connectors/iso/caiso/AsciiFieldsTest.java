package io.aurum.connectors.iso.caiso;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The hand parsers either give exactly what the JDK parsers give or decline: checked on many random
 * values and on random corruptions of them.
 */
class AsciiFieldsTest {
  static final SplittableRandom RANDOM = new SplittableRandom(20261125);

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** The hand parser's answer agrees with Double.parseDouble, or it declines. */
  static void agrees(String text) {
    byte[] b = bytes(text);
    double fast = AsciiFields.decimal(b, 0, b.length);
    if (Double.isNaN(fast)) {
      return; // declined: the caller uses Double.parseDouble
    }
    assertThat(Double.doubleToRawLongBits(fast))
        .as(text)
        .isEqualTo(Double.doubleToRawLongBits(Double.parseDouble(text)));
  }

  @Test
  void decimals_are_bit_for_bit_double_parse_double_or_declined() {
    for (int i = 0; i < 50_000; i++) {
      double v = (RANDOM.nextDouble() - 0.5) * Math.pow(10, RANDOM.nextInt(-6, 12));
      int decimals = RANDOM.nextInt(0, 12);
      String text = String.format(Locale.ROOT, "%." + decimals + "f", v);
      agrees(text);
      if (text.replace("-", "").replace(".", "").length() <= 15) {
        assertThat(AsciiFields.decimal(bytes(text), 0, text.length()))
            .as("%s is a plain decimal the fast path takes", text)
            .isNotNaN();
      }
      agrees(Double.toString(v)); // may carry an exponent: declined then
      char[] c = text.toCharArray();
      c[RANDOM.nextInt(c.length)] = "0123456789.-+eE ,x".charAt(RANDOM.nextInt(18));
      String mutated = new String(c);
      try {
        Double.parseDouble(mutated);
        agrees(mutated);
      } catch (NumberFormatException e) {
        assertThat(AsciiFields.decimal(bytes(mutated), 0, c.length)).as(mutated).isNaN();
      }
    }
  }

  @Test
  void plain_decimals_take_the_fast_path() {
    for (String s : new String[] {"47.61", "-1.68000", "0", "-0.0", "+3", ".5", "7."}) {
      assertThat(AsciiFields.decimal(bytes(s), 0, s.length())).as(s).isNotNaN();
      agrees(s);
    }
    for (String s : new String[] {"", "-", ".", "1e5", " 1", "1 ", "NaN", "0x1p3", "1d", "1.2.3"}) {
      assertThat(AsciiFields.decimal(bytes(s), 0, s.length())).as(s).isNaN();
    }
  }

  @Test
  void stamps_are_offset_date_time_parse_or_declined() {
    DateTimeFormatter[] shapes = {
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxxx"),
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mmxxx"),
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX"),
    };
    for (int i = 0; i < 30_000; i++) {
      long second = RANDOM.nextLong(-2_208_988_800L, 4_102_444_800L); // 1900..2100
      ZoneOffset offset = ZoneOffset.ofTotalSeconds(RANDOM.nextInt(-17 * 60, 17 * 60 + 1) * 60);
      OffsetDateTime t = Instant.ofEpochSecond(second).atOffset(offset);
      String text = t.format(shapes[RANDOM.nextInt(shapes.length)]);
      byte[] b = bytes(text);
      long fast = AsciiFields.epochSecond(b, 0, b.length);
      assertThat(fast).as(text).isEqualTo(OffsetDateTime.parse(text).toEpochSecond());
      // corrupt one character: the fast path must decline, or agree with the JDK
      b[RANDOM.nextInt(b.length)] = (byte) "0123456789-:T+Z 9".charAt(RANDOM.nextInt(17));
      String mutated = new String(b, StandardCharsets.UTF_8);
      long m = AsciiFields.epochSecond(b, 0, b.length);
      Long jdk;
      try {
        jdk = OffsetDateTime.parse(mutated).toEpochSecond();
      } catch (RuntimeException e) {
        jdk = null;
      }
      if (m != AsciiFields.UNHANDLED) {
        assertThat(jdk).as(mutated).isEqualTo(m);
      }
    }
  }

  @Test
  void the_epoch_day_formula_matches_local_date() {
    for (int i = 0; i < 30_000; i++) {
      java.time.LocalDate d = java.time.LocalDate.ofEpochDay(RANDOM.nextLong(-800_000, 800_000));
      assertThat(AsciiFields.epochDay(d.getYear(), d.getMonthValue(), d.getDayOfMonth()))
          .isEqualTo(d.toEpochDay());
    }
  }
}
