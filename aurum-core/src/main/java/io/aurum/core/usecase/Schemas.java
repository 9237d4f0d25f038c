package io.aurum.core.usecase;

import io.aurum.core.config.AurumConfig;
import io.aurum.core.config.OperationDefaults;
import io.aurum.core.error.AurumException;
import io.aurum.core.model.Dataset;
import io.aurum.core.model.OperationParams;
import io.aurum.core.model.OperationSpec;
import io.aurum.core.model.OperationType;
import io.aurum.core.model.PartitionKey;
import io.aurum.core.model.PartitionVersion;
import io.aurum.core.model.Priority;
import io.aurum.core.model.ReplayParams;
import io.aurum.core.model.SourceId;
import io.aurum.core.port.Store;
import io.aurum.core.port.VersionRepository;
import io.aurum.core.request.Origin;
import io.aurum.core.transform.TransformFile;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The schema use case (runbook §3.5.2): finds the heads whose version carries another schema
 * version than expected ({@link #check}), and upgrades exactly the partitions of a
 * version-conflicts file with a schema_correction replay ({@link #upgrade}, {@link #prepare},
 * {@link #create}). Writes only in {@link #create}. Thread-safe.
 */
public final class Schemas {
  private final AurumConfig config;
  private final Replays replays;

  /**
   * @param replays creates the schema_correction replay
   */
  public Schemas(AurumConfig config, Replays replays) {
    this.config = config;
    this.replays = replays;
  }

  /** How a conflict is resolved; only upgrade_to_latest today. */
  public enum Resolution {
    UPGRADE_TO_LATEST;

    public static Resolution parse(String text, Origin o) {
      for (Resolution r : values()) {
        if (r.name().equalsIgnoreCase(text == null ? "" : text.trim())) {
          return r;
        }
      }
      throw new AurumException.BadInput(
          "unknown " + o.name("resolution") + " '" + text + "': use upgrade_to_latest");
    }

    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** A head whose version carries another schema version than expected. */
  public record Conflict(PartitionKey partition, PartitionVersion head) {}

  /** What a check found: how many heads it looked at, and those on another schema version. */
  public record Checked(SchemaCheckRequest request, int checked, List<Conflict> conflicts) {
    public Checked {
      conflicts = List.copyOf(conflicts);
    }
  }

  /**
   * A validated upgrade: the partitions to replay, the schema version they move to, and what the
   * replay's spec carries (the migration, the version, replay_type schema_correction).
   */
  public record Upgrade(
      SourceId source,
      String schemaVersion,
      List<PartitionKey> partitions,
      OperationParams params,
      Priority priority,
      String reason) {
    public Upgrade {
      partitions = List.copyOf(partitions);
    }
  }

  /** The heads of the request's datasets and range, and those on another schema version. */
  public Checked check(SchemaCheckRequest r, VersionRepository versions) {
    List<Conflict> found = new ArrayList<>();
    int checked = 0;
    for (Dataset d : config.catalog().select(r.source(), r.datasets())) {
      Set<Long> heads = new HashSet<>();
      versions
          .heads(r.source(), d.name(), r.start(), r.end())
          .forEach(h -> heads.add(h.versionId()));
      checked += heads.size();
      for (PartitionVersion v : versions.versionsIn(r.source(), d.name(), r.start(), r.end())) {
        if (heads.contains(v.id()) && !Objects.equals(v.schemaVersion(), r.expected())) {
          found.add(new Conflict(v.partition(), v));
        }
      }
    }
    return new Checked(r, checked, found);
  }

  /**
   * The request checked before anything is read from the store: a migration that parses, and a
   * schema version to move to (the migration's, else the one the conflicts file expected). An
   * upgrade may list no partition: there is nothing to do.
   */
  public static Upgrade upgrade(SchemaResolveRequest r) {
    Origin o = r.origin();
    if (r.migration() == null) {
      throw new AurumException.BadInput(
          "schema resolve needs "
              + o.name("migration_script")
              + " FILE (or a migration_script in "
              + r.conflicts()
              + ")");
    }
    OperationParams.Transforms tx =
        Script.migration(r.migration(), OperationParams.Transforms.NONE);
    String version = r.expectedVersion();
    if (r.migration() instanceof Script.Text t) {
      String declared = TransformFile.parse(t.name(), t.text()).schemaVersion();
      if (declared != null) {
        version = declared;
      }
    }
    if (version == null) {
      throw new AurumException.BadInput(
          "no schema version: neither the migration nor " + r.conflicts() + " names one");
    }
    OperationParams params =
        new ReplayParams(null, null, "schema_correction", null, tx.withSchemaVersion(version));
    String reason =
        r.reason() == null
            ? "schema upgrade to " + version + " (" + r.conflicts() + ")"
            : r.reason();
    return new Upgrade(r.source(), version, r.partitions(), params, r.priority(), reason);
  }

  /**
   * The replay's spec: the range the partitions span, their datasets (each known), the replay
   * defaults with concurrency within the source quota, forced over existing versions, and the
   * source's quota key so that its upstream requests are paced like any other operation's.
   */
  public OperationSpec prepare(Upgrade u) {
    if (u.partitions().isEmpty()) {
      throw new AurumException.BadInput("nothing to upgrade: no partition");
    }
    OperationDefaults.TypeDefaults d = config.defaults().of(OperationType.REPLAY);
    Set<Dataset> datasets = new LinkedHashSet<>();
    u.partitions().forEach(k -> datasets.add(config.catalog().get(u.source(), k.dataset())));
    LocalDate start =
        u.partitions().stream().map(PartitionKey::period).min(LocalDate::compareTo).get();
    LocalDate end =
        u.partitions().stream().map(PartitionKey::period).max(LocalDate::compareTo).get();
    return RefetchSpecs.of(
        u.source(),
        start,
        end,
        List.copyOf(datasets),
        Math.min(d.concurrency(), config.quotas().get(u.source()).maxConcurrency()),
        d.batchSize(),
        d.maxRetries(),
        d,
        d.conflictStrategy(),
        u.params(),
        replays.derivation());
  }

  /** Creates the PLANNED schema_correction replay of exactly the upgrade's partitions. */
  public Replays.Created create(Upgrade u, OperationSpec spec, String actor, Store store) {
    return replays.create(spec, u.partitions(), u.priority(), u.reason(), actor, store);
  }
}
