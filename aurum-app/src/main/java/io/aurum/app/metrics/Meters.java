package io.aurum.app.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The meters of a registry, registered on first use and then looked up by name and tag values.
 * Events come several times a partition: this lookup is far cheaper than Micrometer's builder and
 * registration (a {@code Meter.Id} with sorted tags, then the registry's own map) on every event.
 * Gauges' values are kept here, since Micrometer holds a gauge's object weakly. Thread-safe.
 */
final class Meters {
  private final MeterRegistry registry;
  private final Map<Key, Counter> counters = new ConcurrentHashMap<>();
  private final Map<Key, Timer> timers = new ConcurrentHashMap<>();
  private final Map<Key, AtomicLong> gauges = new ConcurrentHashMap<>();

  /** A meter's name and its tags' names and values, in the order given. */
  private record Key(String name, List<String> tags) {}

  Meters(MeterRegistry registry) {
    this.registry = registry;
  }

  MeterRegistry registry() {
    return registry;
  }

  /** The counter {@code name} with {@code tags} (name, value, name, value...). */
  Counter counter(String name, String help, String unit, String... tags) {
    Key key = new Key(name, Arrays.asList(tags));
    Counter c = counters.get(key);
    return c != null
        ? c
        : counters.computeIfAbsent(
            key,
            k ->
                Counter.builder(name)
                    .description(help)
                    .baseUnit(unit)
                    .tags(tags)
                    .register(registry));
  }

  /** The latency histogram {@code name} of {@code source}, with these bucket bounds. */
  Timer timer(String name, String help, Duration[] buckets, String source) {
    Key key = new Key(name, List.of(source));
    Timer t = timers.get(key);
    return t != null
        ? t
        : timers.computeIfAbsent(
            key,
            k ->
                Timer.builder(name)
                    .description(help)
                    .serviceLevelObjectives(buckets)
                    .tags("source", source)
                    .register(registry));
  }

  /** The value of the gauge {@code name} with {@code tags}, to set or move. */
  AtomicLong gauge(String name, String help, String... tags) {
    return gauges.computeIfAbsent(
        new Key(name, Arrays.asList(tags)),
        k -> {
          AtomicLong v = new AtomicLong();
          Gauge.builder(name, v, AtomicLong::get).description(help).tags(tags).register(registry);
          return v;
        });
  }
}
