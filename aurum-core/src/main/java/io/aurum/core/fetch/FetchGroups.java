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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Groups an operation's task drafts into fetch windows: drafts that can share a request — one
 * dataset (or datasets the connector calls {@link Connector#combinable}), whole partitions or
 * partial windows of the same series — go to the connector's {@link Connector#windows}, and each
 * draft gets the ordinal of its window. Plans and every operation (backfill, replay, partial
 * reprocess, a saved plan) create their tasks through here, so what a plan counts is what a run
 * sends. Pure and thread-safe.
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

  /** Drafts that can share a request: their datasets, the series they fetch, whole or not. */
  private record Family(
      SourceId source, List<Dataset> datasets, boolean whole, List<String> series) {}

  public static Grouped group(
      List<TaskDraft> drafts, Map<SourceId, Connector> connectors, DatasetCatalog catalog) {
    // A list, not a map: a family's datasets grow as combinable ones join it.
    List<Family> families = new ArrayList<>();
    List<List<TaskDraft>> members = new ArrayList<>();
    int last = -1;
    for (TaskDraft d : drafts) {
      // Fast path: whole partitions of the dataset the previous draft went to.
      if (last >= 0 && d.window() == null && families.get(last).whole()) {
        Family f = families.get(last);
        Dataset prev = f.datasets().get(f.datasets().size() - 1);
        if (prev.source() == d.partition().source()
            && prev.name().equals(d.partition().dataset())) {
          members.get(last).add(d);
          continue;
        }
      }
      Window w = Window.parse(d.window());
      SourceId source = d.partition().source();
      Dataset dataset = catalog.get(source, d.partition().dataset());
      List<String> series = w == null ? List.of() : w.series();
      Connector connector = connectors.get(source);
      int family = -1;
      for (int i = 0; i < families.size() && family < 0; i++) {
        Family f = families.get(i);
        if (f.source() == source
            && f.whole() == (w == null)
            && f.series().equals(series)
            && (f.datasets().contains(dataset)
                || (w == null
                    && connector != null
                    && f.datasets().stream().allMatch(x -> connector.combinable(x, dataset))))) {
          family = i;
        }
      }
      if (family < 0) {
        family = families.size();
        families.add(new Family(source, new ArrayList<>(List.of(dataset)), w == null, series));
        members.add(new ArrayList<>());
      } else if (!families.get(family).datasets().contains(dataset)) {
        families.get(family).datasets().add(dataset);
      }
      members.get(family).add(d);
      last = family;
    }
    List<TaskDraft> tasks = new ArrayList<>(drafts.size());
    List<FetchWindow> windows = new ArrayList<>();
    for (int i = 0; i < families.size(); i++) {
      Family f = families.get(i);
      pack(f, members.get(i), connectors.get(f.source()), tasks, windows);
    }
    return new Grouped(List.copyOf(tasks), List.copyOf(windows));
  }

  private static void pack(
      Family family,
      List<TaskDraft> drafts,
      Connector connector,
      List<TaskDraft> tasks,
      List<FetchWindow> windows) {
    Dataset packed = family.datasets().size() == 1 ? family.datasets().get(0) : union(family);
    // One draft per (dataset, period); a partition named twice gets a window of its own.
    Map<LocalDate, List<TaskDraft>> byPeriod = new LinkedHashMap<>();
    java.util.Set<PartitionKey> seen = new java.util.HashSet<>();
    for (TaskDraft d : drafts) {
      if (seen.add(d.partition())) {
        byPeriod.computeIfAbsent(d.partition().period(), p -> new ArrayList<>()).add(d);
      } else {
        tasks.add(d.inGroup(windows.size()));
        windows.add(new FetchWindow(packed, List.of(d.partition()), 1));
      }
    }
    List<PartitionKey> keys = new ArrayList<>(byPeriod.size());
    for (LocalDate p : byPeriod.keySet()) {
      keys.add(new PartitionKey(packed.source(), packed.name(), p));
    }
    List<FetchWindow> packedWindows =
        connector == null
            ? keys.stream().map(k -> new FetchWindow(packed, List.of(k), 1)).toList()
            : connector.windows(packed, keys, family.series());
    for (FetchWindow w : packedWindows) {
      int group = windows.size();
      List<PartitionKey> members = new ArrayList<>();
      for (PartitionKey k : w.partitions()) {
        for (TaskDraft d : byPeriod.get(k.period())) {
          tasks.add(d.inGroup(group));
          members.add(d.partition());
        }
      }
      windows.add(new FetchWindow(family.datasets().get(0), members, w.requests()));
    }
  }

  /**
   * The datasets of a combined family as one dataset for packing: the first's frequency, zone and
   * upstream settings, every dataset's series (a series two datasets share counts once).
   */
  private static Dataset union(Family family) {
    Dataset first = family.datasets().get(0);
    java.util.LinkedHashSet<String> series = new java.util.LinkedHashSet<>();
    StringBuilder name = new StringBuilder();
    for (Dataset d : family.datasets()) {
      series.addAll(d.series());
      name.append(name.length() == 0 ? "" : "+").append(d.name());
    }
    return new Dataset(
        first.source(),
        name.toString(),
        first.frequency(),
        first.zone(),
        first.schemaVersion(),
        List.copyOf(series),
        first.unit(),
        first.minValue(),
        first.maxValue(),
        first.upstream(),
        first.publicationLag());
  }
}
