package io.aurum.app.engine;

import io.aurum.core.model.Dataset;
import io.aurum.core.model.Observation;
import io.aurum.core.model.PartitionKey;
import io.aurum.core.model.SourceId;
import io.aurum.core.port.Connector;
import io.aurum.core.port.FetchContext;
import java.time.Instant;
import java.time.LocalDate;
import java.util.function.Consumer;

/**
 * A real connector (EIA's, against the sandbox) asked one day at a time: one upstream request per
 * day of whatever range a task covers, so a pacing test sends a known number of requests however
 * the planner groups the days into tasks.
 */
final class DayByDayConnector implements Connector {
  private final Connector upstream;

  DayByDayConnector(Connector upstream) {
    this.upstream = upstream;
  }

  @Override
  public SourceId source() {
    return upstream.source();
  }

  @Override
  public void fetch(FetchRequest request, FetchContext context, Consumer<Observation> sink) {
    Dataset d = request.dataset();
    LocalDate day = LocalDate.ofInstant(request.from(), d.zone());
    for (Instant from = request.from(); from.isBefore(request.to()); day = day.plusDays(1)) {
      Instant next = day.plusDays(1).atStartOfDay(d.zone()).toInstant();
      Instant to = next.isBefore(request.to()) ? next : request.to();
      upstream.fetch(
          new FetchRequest(
              d, new PartitionKey(d.source(), d.name(), day), from, to, request.options()),
          context,
          sink);
      from = to;
    }
  }

  @Override
  public int requestsPerPartition(Dataset dataset, PartitionKey partition) {
    return 1;
  }
}
