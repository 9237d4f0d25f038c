package io.aurum.store.testing;

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
 * refused with a 400, as an upstream refuses one bad day's data. Shared by the engine tests of
 * every module (the store's step-by-step races, the app's engine contract); fields are for the test
 * to script and read.
 */
public final class InProcessConnector implements Connector {
  public final AtomicInteger requests = new AtomicInteger();
  public final Map<String, AtomicInteger> requestsPerPartition = new ConcurrentHashMap<>();
  public final Queue<UpstreamException> scriptedFailures = new ConcurrentLinkedQueue<>();
  public volatile double offset;
  public volatile RequestShape shape = RequestShape.PER_PARTITION;

  /** Pages each fetch sends (a request each); {@link #afterFirstPage} runs after the first. */
  public volatile int pages = 1;

  public volatile Runnable afterFirstPage = () -> {};

  /** Whether one request carries several datasets (as BLS does). */
  public volatile boolean combine;

  /** Whether each response leaves out its first row (a missing value: a quality defect). */
  public volatile boolean dropFirstRow;

  public final java.util.Set<java.time.LocalDate> poisoned = ConcurrentHashMap.newKeySet();

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
    boolean drop = dropFirstRow;
    for (Instant t = request.from(); t.isBefore(request.to()); t = t.plus(Duration.ofHours(1))) {
      for (String s : d.series()) {
        if (drop) {
          drop = false;
          continue;
        }
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

  /** The value upstream serves for a series at a time: a pure function, plus {@link #offset}. */
  public double value(String series, Instant t) {
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
