package io.aurum.connectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurum.core.error.AurumException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** upstream_limits.json: defaults, per-upstream overrides, and one-line errors for bad keys. */
class UpstreamLimitsFileTest {
  @TempDir Path dir;

  Map<Upstream, UpstreamLimits> load(String json) throws Exception {
    Files.writeString(dir.resolve(UpstreamLimitsFile.FILE), json);
    return UpstreamLimitsFile.load(dir);
  }

  @Test
  void a_missing_file_means_the_documented_defaults() {
    Map<Upstream, UpstreamLimits> all = UpstreamLimitsFile.load(dir);
    assertThat(all)
        .hasSize(Upstream.values().length)
        .allSatisfy(
            (u, l) -> {
              assertThat(l.deadline()).isEqualTo(Duration.ofSeconds(120));
              assertThat(l.maxRetryAfter()).isEqualTo(Duration.ofMinutes(15));
              assertThat(l.maxBodyBytes()).isEqualTo(256L << 20);
              assertThat(l.maxMemberBytes()).isEqualTo(256L << 20);
              assertThat(l.maxLineBytes()).isEqualTo(1 << 20);
              assertThat(l.maxRowsPerRequest()).isEqualTo(500_000);
            });
  }

  @Test
  void the_repository_file_holds_the_defaults() {
    assertThat(UpstreamLimitsFile.load(Path.of("..", "config")))
        .allSatisfy((u, l) -> assertThat(l).isEqualTo(UpstreamLimits.DEFAULTS));
  }

  @Test
  void an_upstream_overrides_the_defaults_which_override_the_built_in_ones() throws Exception {
    Map<Upstream, UpstreamLimits> all =
        load(
            """
            {"defaults": {"deadline_seconds": 60},
             "upstreams": {"caiso": {"max_member_bytes": 1000, "deadline_seconds": 300}}}
            """);
    assertThat(all.get(Upstream.EIA).deadline()).isEqualTo(Duration.ofSeconds(60));
    assertThat(all.get(Upstream.CAISO).deadline()).isEqualTo(Duration.ofSeconds(300));
    assertThat(all.get(Upstream.CAISO).maxMemberBytes()).isEqualTo(1000);
    assertThat(all.get(Upstream.NYISO).maxMemberBytes()).isEqualTo(256L << 20);
  }

  @Test
  void a_row_cap_is_set_for_all_and_overridden_per_upstream() throws Exception {
    Map<Upstream, UpstreamLimits> all =
        load(
            """
            {"defaults": {"max_rows_per_request": 200000},
             "upstreams": {"fred": {"max_rows_per_request": 2000000}}}
            """);
    assertThat(all.get(Upstream.FRED).maxRowsPerRequest()).isEqualTo(2_000_000);
    assertThat(all.get(Upstream.EIA).maxRowsPerRequest()).isEqualTo(200_000);
    assertThat(all.get(Upstream.CAISO).maxRowsPerRequest()).isEqualTo(200_000);
    assertThat(all.get(Upstream.FRED).maxBodyBytes()).isEqualTo(256L << 20);
  }

  @Test
  void a_page_size_is_set_per_paged_upstream_and_unset_means_the_apis_largest() throws Exception {
    Map<Upstream, UpstreamLimits> all =
        load(
            """
            {"upstreams": {"eia": {"page_rows": 24}, "pjm": {"page_rows": 50000}}}
            """);
    assertThat(all.get(Upstream.EIA).pageRows(Upstream.EIA.maxPageRows())).isEqualTo(24);
    assertThat(all.get(Upstream.PJM).pageRows(Upstream.PJM.maxPageRows())).isEqualTo(50_000);
    assertThat(all.get(Upstream.FRED).pageRows(Upstream.FRED.maxPageRows())).isEqualTo(100_000);
    assertThat(all.get(Upstream.NOAA).pageRows(Upstream.NOAA.maxPageRows())).isEqualTo(1_000);
  }

  @Test
  void a_page_size_past_the_apis_largest_or_where_it_does_not_page_is_refused() {
    String[][] cases = {
      {
        "{\"upstreams\": {\"eia\": {\"page_rows\": 5001}}}",
        "upstreams.eia: page_rows must be at most 5000, the API's largest page, got 5001"
      },
      {
        "{\"upstreams\": {\"caiso\": {\"page_rows\": 10}}}",
        "upstreams.caiso: caiso does not page by rows; page_rows applies to eia, fred, noaa and pjm"
      },
      {
        "{\"defaults\": {\"page_rows\": 10}}",
        "defaults: page_rows is set per upstream (upstreams.eia, fred, noaa or pjm), not in defaults"
      },
      {
        "{\"upstreams\": {\"noaa\": {\"page_rows\": 0}}}",
        "upstreams.noaa.page_rows: must have a minimum value of 1"
      }
    };
    for (String[] c : cases) {
      assertThatThrownBy(() -> load(c[0]))
          .as(c[0])
          .isInstanceOf(AurumException.BadInput.class)
          .hasMessageContaining(UpstreamLimitsFile.FILE)
          .hasMessageContaining(c[1])
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
  }

  @Test
  void unknown_keys_upstreams_and_values_out_of_range_are_one_line_errors() {
    String[][] cases = {
      {
        "{\"defaults\": {\"deadline\": 5}}",
        ":1:15: unknown key 'deadline' in defaults: use one of deadline_seconds,"
      },
      {
        "{\"upstreams\": {\"bls\": {}}}",
        "unknown key 'bls' in upstreams: use one of eia, fred, cpi, noaa, nyiso, caiso, pjm"
      },
      {
        "{\"upstreams\": {\"eia\": {\"max_retry_after_seconds\": 999999}}}",
        "max_retry_after_seconds"
      },
      {
        "{\"defaults\": {\"max_line_bytes\": 10}}",
        "defaults.max_line_bytes: must have a minimum value of 65536"
      },
      {
        "{\"defaults\": {\"max_body_bytes\": -1}}",
        "defaults.max_body_bytes: must have a minimum value of 1"
      },
      {
        "{\"defaults\": {\"deadline_seconds\": 0}}",
        "defaults.deadline_seconds: must have an exclusive minimum value of 0"
      },
      {"{\"defaults\": ", ":1:14: not valid JSON"},
      {
        "{\"defaults\": {\"deadline_seconds\": 5,\n \"deadline_seconds\": 6}}",
        ":2:20: Duplicate field 'deadline_seconds'"
      },
      {
        "{\"defaults\": {\"max_rows_per_request\": 0}}",
        "defaults.max_rows_per_request: must have a minimum value of 1"
      },
      {
        "{\"upstreams\": {\"pjm\": {\"max_rows_per_request\": 1.5}}}",
        "upstreams.pjm.max_rows_per_request"
      },
      {
        "{\"upstreams\": {\"eia\": {\"max_rows_per_request\": \"lots\"}}}",
        "upstreams.eia.max_rows_per_request"
      },
      {"{\"defaults\": {\"max_rows\": 5}}", "max_rows_per_request"},
      {"{\"limits\": {}}", ":1:2: unknown key 'limits': use one of defaults, upstreams"}
    };
    for (String[] c : cases) {
      assertThatThrownBy(() -> load(c[0]))
          .as(c[0])
          .isInstanceOf(AurumException.BadInput.class)
          .hasMessageContaining(UpstreamLimitsFile.FILE)
          .hasMessageContaining(c[1])
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
  }
}
