package io.aurum.core.integrity;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurum.core.config.SourceQuota;
import io.aurum.core.model.SourceId;
import io.aurum.core.port.IntegrityReader.QuotaWindowUse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QuotaScanTest {
  static final Instant HOUR = Instant.parse("2024-12-31T10:00:00Z");
  static final SourceQuota EIA =
      new SourceQuota(
          List.of(
              new SourceQuota.Limit(5, Duration.ofSeconds(1)),
              new SourceQuota.Limit(100, Duration.ofHours(1))),
          5,
          0.2,
          Duration.ofMillis(250));

  static QuotaWindowUse hourly(String key, long used) {
    return new QuotaWindowUse(key, Duration.ofHours(1), HOUR, used);
  }

  @Test
  void a_window_below_eighty_percent_is_not_reported() {
    assertThat(QuotaScan.findings(SourceId.EIA, EIA, List.of(hourly("k1", 79)), 0)).isEmpty();
  }

  @Test
  void a_nearly_used_window_is_low_with_its_use_reset_and_action() {
    List<Finding> out = QuotaScan.findings(SourceId.EIA, EIA, List.of(hourly("k1", 80)), 0);
    assertThat(out).hasSize(1);
    Finding f = out.get(0);
    assertThat(f.kind()).isEqualTo(Kind.QUOTA_WINDOW);
    assertThat(f.severity()).isEqualTo(Severity.LOW);
    assertThat(f.category()).isEqualTo(Category.OPERATIONAL);
    assertThat(f.dataset()).isNull();
    assertThat(f.partitions()).isEmpty();
    assertThat(f.quota())
        .isEqualTo(
            new Finding.QuotaUse(
                "k1",
                Duration.ofHours(1),
                80,
                100,
                Instant.parse("2024-12-31T11:00:00Z"),
                0,
                QuotaScan.RECENT));
    assertThat(f.evidence())
        .contains("key k1", "80 of 100 requests per PT1H", "80%", "2024-12-31T11:00:00Z")
        .contains("operations may use 80%");
    assertThat(f.suggestedAction()).contains("wait until 2024-12-31T11:00:00Z", "aurum adjust");
  }

  @Test
  void a_spent_window_or_recent_429s_make_it_medium() {
    assertThat(QuotaScan.findings(SourceId.EIA, EIA, List.of(hourly("k1", 100)), 0))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
              assertThat(f.evidence()).contains("100%, spent");
              assertThat(f.suggestedAction()).startsWith("the window is spent");
            });
    assertThat(QuotaScan.findings(SourceId.EIA, EIA, List.of(hourly("k1", 85)), 3))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.severity()).isEqualTo(Severity.MEDIUM);
              assertThat(f.quota().throttled()).isEqualTo(3);
              assertThat(f.evidence()).contains("3 throttled answer(s) (429) from eia");
            });
  }

  @Test
  void each_key_is_judged_on_its_own_and_an_unconfigured_period_is_not_judged() {
    List<Finding> out =
        QuotaScan.findings(
            SourceId.EIA,
            EIA,
            List.of(
                hourly("k1", 95),
                hourly("k2", 10),
                hourly("k3", 90),
                new QuotaWindowUse("k1", Duration.ofDays(1), HOUR, 1_000_000)),
            0);
    assertThat(out).extracting(f -> f.quota().keyId()).containsExactly("k1", "k3");
  }

  @Test
  void a_market_lane_is_judged_by_its_market_quota() {
    SourceQuota pjm =
        new SourceQuota(
            List.of(new SourceQuota.Limit(6, Duration.ofMinutes(1))), 1, 0.2, Duration.ZERO);
    SourceQuota nyiso =
        new SourceQuota(
            List.of(new SourceQuota.Limit(60, Duration.ofMinutes(1))), 2, 0.2, Duration.ZERO);
    SourceQuota iso = SourceQuota.perMarket(Map.of("pjm", pjm, "nyiso", nyiso));
    List<Finding> out =
        QuotaScan.findings(
            SourceId.ISO,
            iso,
            List.of(
                new QuotaWindowUse("nyiso:k", Duration.ofMinutes(1), HOUR, 6),
                new QuotaWindowUse("pjm:k", Duration.ofMinutes(1), HOUR, 6)),
            0);
    assertThat(out)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.quota().limit()).isEqualTo(6);
              assertThat(f.evidence()).contains("market pjm, key k", "6 of 6");
            });
  }
}
