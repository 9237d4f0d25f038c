package io.aurum.app.engine;

import io.aurum.core.error.UpstreamException;
import io.aurum.core.fetch.RequestShape;
import io.aurum.core.model.Dataset;
import io.aurum.core.model.Observation;
import io.aurum.core.model.SourceId;
import io.aurum.core.port.Connector;
import io.aurum.core.port.FetchContext;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A zero-latency upstream in the test's process: one request per fetch window ({@link #shape}, one
 * partition by default), one row per series and period, values a pure function of series and
 * period. Scripted failures come from a queue; a request whose range holds a poisoned day is
 * refused with a 400, as an upstream refuses one bad day's data.
 */
final class InProcessConnector implements Connector {
  final AtomicInteger requests = new AtomicInteger();
  final Map<String, AtomicInteger> requestsPerPartition = new ConcurrentHashMap<>();
  final Queue<UpstreamException> scriptedFailures = new ConcurrentLinkedQueue<>();
  volatile double offset;
  volatile RequestShape shape = RequestShape.PER_PARTITION;

  /** Pages each fetch sends (a request each); {@link #afterFirstPage} runs after the first. */
  volatile int pages = 1;

  volatile Runnable afterFirstPage = () -> {};

  /** Whether one request carries several datasets (as BLS does). */
  volatile boolean combine;

  final java.util.Set<java.time.LocalDate> poisoned = ConcurrentHashMap.newKeySet();

  @Override
  public SourceId source() {
    return SourceId.EIA;
  }

  @Override
  public void fetch(FetchRequest request, FetchContext context, Consumer<Observation> sink) {
    context.beforeRequest();
    requests.incrementAndGet();
    requestsPerPartition
        .computeIfAbsent(request.partition().toString(), k -> new AtomicInteger())
        .incrementAndGet();
    UpstreamException failure = scriptedFailures.poll();
    for (java.time.LocalDate day : poisoned) {
      Instant at = day.atStartOfDay(request.dataset().zone()).toInstant();
      if (failure == null && !at.isBefore(request.from()) && at.isBefore(request.to())) {
        failure = UpstreamException.permanent("the upstream refuses the data of " + day, 400);
      }
    }
    if (failure != null) {
      context.afterResponse(0);
      throw failure;
    }
    Dataset d = request.dataset();
    long rows = 0;
    for (Instant t = request.from(); t.isBefore(request.to()); t = t.plus(Duration.ofHours(1))) {
      for (String s : d.series()) {
        sink.accept(new Observation(s, t, value(s, t), d.unit()));
        rows++;
      }
    }
    context.afterResponse(rows * 40);
    afterFirstPage.run();
    for (int page = 1; page < pages; page++) {
      context.beforeRequest();
      requests.incrementAndGet();
      context.afterResponse(0);
    }
  }

  double value(String series, Instant t) {
    return 1000
        + Math.floorMod((series.hashCode() * 31L + t.getEpochSecond() / 3600), 5000)
        + offset;
  }

  @Override
  public boolean combinable(Dataset a, Dataset b) {
    return combine && a.frequency() == b.frequency();
  }

  /** Several datasets in one request: counted once, each dataset's rows as its own fetch. */
  @Override
  public void fetchAll(
      java.util.List<FetchRequest> requests,
      FetchContext context,
      java.util.function.BiConsumer<Dataset, Observation> sink) {
    int before = requests.size();
    for (FetchRequest r : requests) {
      fetch(r, context, o -> sink.accept(r.dataset(), o));
    }
    // fetch() counted each dataset: one request went upstream.
    this.requests.addAndGet(1 - before);
  }

  @Override
  public RequestShape shape(Dataset dataset) {
    return shape;
  }
}
