package io.aurum.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AttributeDigestTest {
  private static final Instant T = Instant.parse("2024-01-01T00:00:00Z");
  private static final String STAMP = "{\"provenance\":{\"operation\":\"R\"}}";

  private static List<Observation> rows(int n) {
    List<Observation> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(
          new Observation(
              "S" + (i % 3), T.plusSeconds(3600L * i), i, "MWh", i % 4 == 0 ? null : STAMP));
    }
    return out;
  }

  @Test
  void the_digest_does_not_depend_on_row_order_and_adds_up_batch_by_batch() {
    List<Observation> all = rows(200);
    List<Observation> shuffled = new ArrayList<>(all);
    Collections.shuffle(shuffled, new Random(7));
    String whole = AttributeDigest.of(all);
    assertThat(AttributeDigest.of(shuffled)).isEqualTo(whole);

    String sum = AttributeDigest.EMPTY;
    for (int from = 0; from < all.size(); from += 64) {
      AttributeDigest part = new AttributeDigest();
      part.addAll(all.subList(from, Math.min(all.size(), from + 64)));
      sum = part.plus(sum);
    }
    assertThat(sum).isEqualTo(whole);
  }

  @Test
  void rows_without_attributes_add_nothing_and_any_attribute_change_shows() {
    List<Observation> plain = new ArrayList<>();
    for (Observation o : rows(10)) {
      plain.add(new Observation(o.seriesId(), o.period(), o.value(), o.unit(), null));
    }
    assertThat(AttributeDigest.of(plain)).isEqualTo(AttributeDigest.EMPTY);

    List<Observation> all = rows(10);
    String before = AttributeDigest.of(all);
    Observation o = all.get(1);
    List<Observation> edited = new ArrayList<>(all);
    edited.set(1, new Observation(o.seriesId(), o.period(), o.value(), o.unit(), "{\"x\":1}"));
    assertThat(AttributeDigest.of(edited)).isNotEqualTo(before);
    // The same attributes moved to another row's period: the digest binds them to their row.
    List<Observation> moved = new ArrayList<>(all);
    moved.set(0, new Observation("S0", all.get(0).period(), 0, "MWh", STAMP));
    moved.set(1, new Observation("S1", all.get(1).period(), 1, "MWh", null));
    assertThat(AttributeDigest.of(moved)).isNotEqualTo(before);
  }

  @Test
  void sums_carry_across_words_and_wrap_modulo_2_to_the_256() {
    String max = "f".repeat(64);
    AttributeDigest one = new AttributeDigest();
    assertThat(AttributeDigest.parse(max).hex()).isEqualTo(max);
    // Adding x to (2^256 - 1) gives x - 1: every word carries into the next.
    one.add(new Observation("S", T, 1, null, STAMP));
    String x = one.hex();
    String wrapped = one.plus(max);
    assertThat(new java.math.BigInteger(wrapped, 16))
        .isEqualTo(new java.math.BigInteger(x, 16).subtract(java.math.BigInteger.ONE));
  }

  @Test
  void malformed_digests_are_recognised_and_left_alone() {
    assertThat(AttributeDigest.wellFormed("abc")).isFalse();
    assertThat(AttributeDigest.wellFormed("A".repeat(64))).isFalse();
    assertThat(AttributeDigest.wellFormed(null)).isFalse();
    assertThatThrownBy(() -> AttributeDigest.parse("abc"))
        .isInstanceOf(IllegalArgumentException.class);
    AttributeDigest d = new AttributeDigest();
    d.addAll(rows(5));
    assertThat(d.plus("abc")).isEqualTo("abc");
    assertThat(d.plus(null)).isNull();
  }
}
