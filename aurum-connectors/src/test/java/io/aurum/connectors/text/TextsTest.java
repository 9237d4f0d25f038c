package io.aurum.connectors.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TextsTest {
  @Test
  void the_same_characters_give_the_same_instance_and_distinct_ones_distinct_texts() {
    Texts texts = new Texts();
    Map<String, String> seen = new HashMap<>();
    SplittableRandom random = new SplittableRandom(3);
    char[] buf = new char[40];
    for (int i = 0; i < 20_000; i++) {
      // Short texts from a small alphabet: many repeats, many hash collisions, several growths.
      int length = random.nextInt(0, 6);
      int from = random.nextInt(0, 30);
      for (int j = 0; j < length; j++) {
        buf[from + j] = "ab\u00e9\u20ac".charAt(random.nextInt(4));
      }
      String text = new String(buf, from, length);
      String kept = texts.of(buf, from, length);
      assertThat(kept).isEqualTo(text);
      String first = seen.putIfAbsent(text, kept);
      if (first != null) {
        assertThat(kept).isSameAs(first);
      }
    }
    assertThat(texts.size()).isEqualTo(seen.size());
    assertThat(seen).hasSizeGreaterThan(1000); // 4^0 + ... + 4^5 = 1,365 possible texts
  }
}
