package io.aurum.app.metrics;

import io.aurum.core.model.SourceId;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The meters of one operation run, by dataset. */
final class RunMeters {
  private final Meters meters;
  private final String type;
  private final Map<String, FlowMeters> flows = new ConcurrentHashMap<>();

  RunMeters(Meters meters, String type) {
    this.meters = meters;
    this.type = type;
  }

  FlowMeters flow(SourceId src, String dataset) {
    FlowMeters f = flows.get(dataset);
    return f != null
        ? f
        : flows.computeIfAbsent(
            dataset, d -> new FlowMeters(meters, EngineMetrics.source(src), d, type));
  }
}
