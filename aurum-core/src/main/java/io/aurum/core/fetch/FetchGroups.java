package io.aurum.core.fetch;

import io.aurum.core.config.DatasetCatalog;
import io.aurum.core.model.Dataset;
import io.aurum.core.model.PartitionKey;
import io.aurum.core.model.SourceId;
import io.aurum.core.model.TaskDraft;
import io.aurum.core.port.Connector;
import io.aurum.core.replay.Window;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Groups an operation's task drafts into fetch windows: drafts of one dataset that fetch the same
 * series (whole partitions, or partial windows of the same series) go to the connector's {@link
 * Connector#windows}, and each draft gets the ordinal of its window. Every operation (backfill,
 * replay, partial reprocess, a saved plan) creates its tasks through here, so every one of them
 * spends as few requests as the API allows. Pure and thread-safe.
 */
public final class FetchGroups {
  private FetchGroups() {}

  /** The drafts with their fetch groups, in window order, and the windows themselves. */
  public record Grouped(List<TaskDraft> tasks, List<FetchWindow> windows) {
    public long requests() {
      long n = 0;
      for (FetchWindow w : windows) {
        n += w.requests();
      }
      return n;
    }
  }

  public static Grouped group(
      List<TaskDraft> drafts, Map<SourceId, Connector> connectors, DatasetCatalog catalog) {
    // Drafts that can share a request: one dataset, whole or windowed, the same series.
    Map<List<Object>, List<TaskDraft>> byKind = new LinkedHashMap<>();
    for (TaskDraft d : drafts) {
      Window w = Window.parse(d.window());
      List<Object> kind =
          List.of(
              d.partition().source(),
              d.partition().dataset(),
              w == null ? "whole" : "window",
              w == null ? List.of() : w.series());
      byKind.computeIfAbsent(kind, k -> new ArrayList<>()).add(d);
    }
    List<TaskDraft> tasks = new ArrayList<>(drafts.size());
    List<FetchWindow> windows = new ArrayList<>();
    for (Map.Entry<List<Object>, List<TaskDraft>> e : byKind.entrySet()) {
      List<TaskDraft> kind = e.getValue();
      PartitionKey any = kind.get(0).partition();
      Dataset dataset = catalog.get(any.source(), any.dataset());
      @SuppressWarnings("unchecked")
      List<String> series = (List<String>) e.getKey().get(3);
      Map<LocalDate, TaskDraft> byPeriod = new HashMap<>();
      List<PartitionKey> keys = new ArrayList<>(kind.size());
      for (TaskDraft d : kind) {
        if (byPeriod.putIfAbsent(d.partition().period(), d) == null) {
          keys.add(d.partition());
        } else {
          tasks.add(d.inGroup(windows.size()));
          windows.add(new FetchWindow(dataset, List.of(d.partition()), 1));
        }
      }
      Connector connector = connectors.get(any.source());
      List<FetchWindow> packed =
          connector == null
              ? keys.stream().map(k -> new FetchWindow(dataset, List.of(k), 1)).toList()
              : connector.windows(dataset, keys, series);
      for (FetchWindow w : packed) {
        int group = windows.size();
        windows.add(w);
        for (PartitionKey k : w.partitions()) {
          tasks.add(byPeriod.get(k.period()).inGroup(group));
        }
      }
    }
    return new Grouped(List.copyOf(tasks), List.copyOf(windows));
  }
}
