package io.aurum.app.toolkit;

import io.aurum.core.model.Dataset;
import io.aurum.core.model.Observation;
import io.aurum.core.model.PartitionKey;
import io.aurum.core.model.SourceId;
import io.aurum.core.port.Connector;
import io.aurum.core.port.FetchContext;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * An in-process upstream with planted defects: on chosen partitions it drops the first row, serves
 * one value out of range, or serves every value out of range (a version the gate must quarantine).
 */
final class DefectConnector implements Connector {
  final AtomicInteger requests = new AtomicInteger();
  final Set<LocalDate> dropFirstRow = ConcurrentHashMap.newKeySet();
  final Set<LocalDate> oneOutOfRange = ConcurrentHashMap.newKeySet();
  final Set<LocalDate> allOutOfRange = ConcurrentHashMap.newKeySet();
  final Set<LocalDate> doubled = ConcurrentHashMap.newKeySet();

  @Override
  public SourceId source() {
    return SourceId.EIA;
  }

  @Override
  public void fetch(FetchRequest request, FetchContext context, Consumer<Observation> sink) {
    context.beforeRequest();
    requests.incrementAndGet();
    Dataset d = request.dataset();
    LocalDate day = request.partition().period();
    Duration step =
        d.frequency() == io.aurum.core.model.Frequency.HOURLY ? Duration.ofHours(1) : null;
    long rows = 0;
    boolean first = true;
    for (Instant t = request.from();
        t.isBefore(request.to());
        t = step == null ? request.to() : t.plus(step)) {
      for (String s : d.series()) {
        // The same daily profile every day, so that two ordinary days compare as alike.
        double v = 10 + Math.floorMod(s.hashCode() * 31L + (t.getEpochSecond() / 3600) % 24, 50);
        if (doubled.contains(day)) {
          v *= 2;
        }
        if (first && dropFirstRow.contains(day)) {
          first = false;
          continue;
        }
        if (allOutOfRange.contains(day) || (first && oneOutOfRange.contains(day))) {
          // Outside the quality range (0..250,000) yet within the plausible bounds: published,
          // scored as invalid (a value beyond the bounds would be a rejected record instead).
          v = 500_000;
        }
        first = false;
        sink.accept(new Observation(s, t, v, d.unit()));
        rows++;
      }
    }
    context.afterResponse(rows * 40);
  }

  @Override
  public int requestsPerPartition(Dataset dataset, PartitionKey partition) {
    return 1;
  }
}
