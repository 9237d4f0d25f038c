package io.aurum.app.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.concurrent.TimeUnit;

/**
 * The garbage collector's metrics, read from the JVM's management beans when Prometheus scrapes,
 * never on a collection: collections and their time per collector ({@code
 * jvm_gc_collection_seconds}), bytes allocated, and the old generation after its last collection
 * and its maximum.
 *
 * <p>Micrometer's {@code JvmGcMetrics} instead listens to the JVM's GC notifications: the JVM then
 * builds a {@code GcInfo} (every pool's usage before and after) at the end of each pause, and a
 * notification thread hands it to the listener. A 10,000-partition engine run collects about 70
 * times; the notification thread alone used 50-60 ms of CPU a run and the VM thread 20-40 ms more,
 * about 1.5 % of the run's CPU, for a pause histogram nothing of Aurum reads (docs/monitoring.md;
 * docs/benchmarks-log.md, "metrics overhead, the GC listener"). Counters read at scrape time cost
 * nothing between scrapes; a pause's duration is still there as the rate of collection seconds.
 */
final class GcMetrics implements MeterBinder {
  @Override
  public void bindTo(MeterRegistry registry) {
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      FunctionTimer.builder(
              "jvm.gc.collection",
              gc,
              GarbageCollectorMXBean::getCollectionCount,
              GarbageCollectorMXBean::getCollectionTime,
              TimeUnit.MILLISECONDS)
          .tag("gc", gc.getName())
          .description("Collections by this collector, and the time they took (pauses included)")
          .register(registry);
    }
    if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean threads
        && threads.isThreadAllocatedMemorySupported()
        && threads.isThreadAllocatedMemoryEnabled()) {
      FunctionCounter.builder(
              "jvm.gc.memory.allocated", threads, t -> (double) t.getTotalThreadAllocatedBytes())
          .baseUnit("bytes")
          .description("Bytes allocated in the heap since the JVM started, by every thread")
          .register(registry);
    }
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && longLived(pool.getName())) {
        Gauge.builder("jvm.gc.live.data.size", pool, p -> used(p.getCollectionUsage()))
            .baseUnit("bytes")
            .description("The old generation's size after its last collection")
            .register(registry);
        Gauge.builder("jvm.gc.max.data.size", pool, p -> max(p.getUsage()))
            .baseUnit("bytes")
            .description("The old generation's maximum size")
            .register(registry);
        break;
      }
    }
  }

  /** The old generation's pool (serial, parallel, G1), as Micrometer's binder recognises it. */
  static boolean longLived(String pool) {
    return pool.endsWith("Old Gen") || pool.endsWith("Tenured Gen") || pool.endsWith("Old Space");
  }

  private static double used(MemoryUsage u) {
    return u == null ? Double.NaN : u.getUsed();
  }

  private static double max(MemoryUsage u) {
    return u == null || u.getMax() < 0 ? Double.NaN : u.getMax();
  }
}
