package io.aurum.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Three child JVMs, each with its own backfill, share one quota on one PostgreSQL against one
 * sandbox whose quota is a strict sliding window (issue 21): together they stay within it.
 */
class SharedQuotaProcessTest {

  @Test
  void three_processes_on_one_postgresql_stay_within_one_strict_window_quota() throws Exception {
    int q = 10;
    int n = 60;
    Map<String, Object> r = QuotaSharedBench.run(3, q, n);
    assertThat(r.get("outcome")).isEqualTo("SUCCEEDED");
    assertThat(r.get("http_429")).as("requests the sandbox refused").isEqualTo(0L);
    assertThat(r.get("sandbox_requests")).as("every request went once").isEqualTo((long) n);
    assertThat(r.get("accepted_requests")).isEqualTo(n);
    assertThat((Integer) r.get("most_accepted_in_1s")).isLessThanOrEqualTo(q);
  }
}
