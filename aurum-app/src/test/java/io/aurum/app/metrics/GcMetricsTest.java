package io.aurum.app.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class GcMetricsTest {
  @Test
  void a_scrape_reads_each_collectors_count_and_time_from_the_jvm() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new GcMetrics().bindTo(registry);
    byte[][] garbage = new byte[64][];
    for (int i = 0; i < 20_000; i++) {
      garbage[i % garbage.length] = new byte[16 * 1024]; // 320 MB: collections happen
    }
    assertThat(garbage[0]).hasSize(16 * 1024);

    String scrape = registry.scrape();

    long collections = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      long scraped = value(scrape, "jvm_gc_collection_seconds_count{gc=\"" + gc.getName() + "\"}");
      // Read at scrape time: what the bean says now, not what a listener saw.
      assertThat(scraped).isBetween(0L, gc.getCollectionCount());
      collections += scraped;
    }
    assertThat(collections).isPositive();
    assertThat(scrape)
        .contains("# TYPE jvm_gc_collection_seconds summary")
        .contains("jvm_gc_collection_seconds_sum{gc=");
    assertThat(value(scrape, "jvm_gc_memory_allocated_bytes_total"))
        .isGreaterThan(320L * 1024 * 1024);
    assertThat(scrape).contains("jvm_gc_live_data_size_bytes", "jvm_gc_max_data_size_bytes");
    registry.close();
  }

  @Test
  void the_old_generation_is_found_under_every_collectors_name_for_it() {
    assertThat(GcMetrics.longLived("Tenured Gen")).isTrue();
    assertThat(GcMetrics.longLived("PS Old Gen")).isTrue();
    assertThat(GcMetrics.longLived("G1 Old Gen")).isTrue();
    assertThat(GcMetrics.longLived("Eden Space")).isFalse();
    assertThat(GcMetrics.longLived("G1 Survivor Space")).isFalse();
  }

  /** The value of a sample line, as a whole number. */
  private static long value(String scrape, String sample) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(sample) + " (\\S+)$").matcher(scrape);
    assertThat(m.find()).as("sample %s in the scrape", sample).isTrue();
    return (long) Double.parseDouble(m.group(1));
  }
}
