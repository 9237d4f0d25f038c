package io.aurum.connectors.iso.caiso;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The date-time parser either gives exactly what the JDK parser gives or declines: checked on many
 * random values and on random corruptions of them (decimals: {@code DecimalsTest}).
 */
class AsciiFieldsTest {
  static final SplittableRandom RANDOM = new SplittableRandom(20261125);

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
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
