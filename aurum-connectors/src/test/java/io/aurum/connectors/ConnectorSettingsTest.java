package io.aurum.connectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurum.core.error.UpstreamException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConnectorSettingsTest {

  @Test
  void base_urls_default_to_the_real_apis_and_follow_the_environment() {
    ConnectorSettings s =
        ConnectorSettings.fromEnvironment(
            Map.of(
                "AURUM_EIA_BASE_URL",
                "http://127.0.0.1:9000/",
                "AURUM_NYISO_BASE_URL",
                "http://localhost:1"));
    assertThat(s.baseUrl(Upstream.EIA)).isEqualTo("http://127.0.0.1:9000");
    assertThat(s.baseUrl(Upstream.NYISO)).isEqualTo("http://localhost:1");
    assertThat(s.baseUrl(Upstream.FRED)).isEqualTo("https://api.stlouisfed.org");
    assertThat(s.baseUrl(Upstream.PJM)).isEqualTo("https://api.pjm.com");
  }

  @Test
  void a_missing_key_is_permanent_and_names_the_variable() {
    ConnectorSettings s = ConnectorSettings.fromEnvironment(Map.of());
    assertThatThrownBy(() -> s.requireKey(Upstream.EIA))
        .isInstanceOfSatisfying(UpstreamException.class, e -> assertThat(e.retryable()).isFalse())
        .hasMessageContaining("EIA_API_KEY");
    assertThatThrownBy(() -> s.requireKey(Upstream.NOAA)).hasMessageContaining("NOAA_TOKEN");
  }

  @Test
  void to_string_never_shows_a_key() {
    ConnectorSettings s =
        ConnectorSettings.fromEnvironment(
            Map.of("EIA_API_KEY", "s3cr3t-eia", "FRED_API_KEY", "s3cr3t-fred"));
    assertThat(s.requireKey(Upstream.EIA)).isEqualTo("s3cr3t-eia");
    assertThat(s.toString()).doesNotContain("s3cr3t").contains("EIA_API_KEY=***");
  }

  @Test
  void a_bad_base_url_is_rejected_naming_the_variable() {
    assertThatThrownBy(
            () -> ConnectorSettings.fromEnvironment(Map.of("AURUM_FRED_BASE_URL", "ftp://x")))
        .hasMessageContaining("AURUM_FRED_BASE_URL");
  }
}
