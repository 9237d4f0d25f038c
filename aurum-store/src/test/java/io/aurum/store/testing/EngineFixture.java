package io.aurum.store.testing;

import io.aurum.core.config.AurumConfig;
import io.aurum.core.engine.EngineListener;
import io.aurum.core.engine.OperationRunner;
import io.aurum.core.model.Operation;
import io.aurum.core.model.OperationSpec;
import io.aurum.core.model.OperationState;
import io.aurum.core.model.OperationType;
import io.aurum.core.model.Priority;
import io.aurum.core.model.SourceId;
import io.aurum.core.model.Task;
import io.aurum.core.ops.OperationIds;
import io.aurum.core.ops.OperationService;
import io.aurum.core.port.PublishResult;
import io.aurum.core.port.Store;
import io.aurum.core.testing.MutableClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The engine over a real store for step-by-step tests: the repository's catalog with quotas that
 * never hold a test up, an {@link InProcessConnector} for EIA, a {@link MutableClock}, and the
 * dependencies an {@code OperationRunner} or {@code OperationStepper} takes, with a listener that
 * records publishes and fenced publishes ({@link #published}, {@link #fenced}). Engine timings:
 * task lease 30 s, runner lease ({@code runner_stale}) 3 s.
 */
public final class EngineFixture {
  /** The repository's config/ directory (tests run with the module as working directory). */
  public static final Path REPO_CONFIG = Path.of("..", "config").toAbsolutePath().normalize();

  public final MutableClock clock;
  public final Store store;
  public final InProcessConnector upstream = new InProcessConnector();
  public final AurumConfig config;
  public final OperationRunner.Dependencies deps;
  public final OperationService service;

  /** A publish the engine reported, by the runner (lease owner) that made it. */
  public record Published(String runner, long taskId, long versionId) {}

  /** A publish the store fenced, by the runner (lease owner) that tried it. */
  public record Fenced(String runner, PublishResult.Fenced result) {}

  /** What the engine's listener heard, in order, from every runner of the fixture. */
  public final List<Published> published = new CopyOnWriteArrayList<>();

  public final List<Fenced> fenced = new CopyOnWriteArrayList<>();

  public EngineFixture(TestDatabase db, MutableClock clock, Path dir) {
    this.clock = clock;
    this.store = db.open(clock);
    this.config = AurumConfig.load(writeConfig(dir.resolve("config")));
    this.deps =
        new OperationRunner.Dependencies(
            store,
            Map.of(SourceId.EIA, upstream),
            config,
            clock,
            dir.resolve("logs"),
            new EngineListener() {
              @Override
              public void taskPublished(Task task, long versionId, long records) {
                published.add(new Published(task.leaseOwner(), task.id(), versionId));
              }

              @Override
              public void taskFenced(Task task, PublishResult.Fenced result) {
                fenced.add(new Fenced(task.leaseOwner(), result));
              }
            });
    this.service = new OperationService(deps);
  }

  /** A backfill of EIA's ELEC.DEMAND (5 hourly series) over the days, with one task a day. */
  public OperationSpec spec(LocalDate start, LocalDate end, String conflictStrategy) {
    return new OperationSpec(
        SourceId.EIA,
        start,
        end,
        List.of("ELEC.DEMAND"),
        1,
        1000,
        3,
        null,
        0.01,
        true,
        conflictStrategy,
        null);
  }

  /** Creates the operation (PLANNED). */
  public Operation create(OperationType type, OperationSpec spec) {
    return service.create(
        type,
        OperationIds.of(type, spec.endDate(), SourceId.EIA),
        spec,
        service.planner().plan(spec),
        Priority.NORMAL,
        "test",
        "tester");
  }

  /** Creates the operation and moves it to RUNNING, as {@code start} does before it runs. */
  public Operation started(OperationType type, OperationSpec spec) {
    Operation op = create(type, spec);
    if (!store
        .operations()
        .transition(op.id(), op.state(), OperationState.RUNNING, "tester", "started")) {
      throw new IllegalStateException("cannot start " + op.id());
    }
    return store.operations().find(op.id()).orElseThrow();
  }

  /** PAUSED → RUNNING, as {@code resume} does before it runs. */
  public void resumed(String id) {
    if (!store
        .operations()
        .transition(id, OperationState.PAUSED, OperationState.RUNNING, "tester", "resumed")) {
      throw new IllegalStateException("cannot resume " + id);
    }
  }

  private static Path writeConfig(Path dir) {
    try {
      Files.createDirectories(dir);
      Files.copy(
          REPO_CONFIG.resolve("datasets.json"),
          dir.resolve("datasets.json"),
          StandardCopyOption.REPLACE_EXISTING);
      String fast =
          "{\"limits\": [{\"requests\": 1000, \"period\": \"PT1S\"}], \"max_concurrency\": 4}";
      Files.writeString(
          dir.resolve("data_source_quotas.json"),
          "{\"sources\": {\"eia\": %s, \"fred\": %s, \"cpi\": %s, \"noaa\": %s, \"iso\": %s}}"
              .formatted(fast, fast, fast, fast, fast));
      Files.writeString(
          dir.resolve("operation_defaults.json"),
          """
          {
            "backfill": {"concurrency": 1, "batch_size": 1000, "max_retries": 3, "retry_backoff_seconds": 0.01, "progress_interval_seconds": 300, "quality_threshold": 0.5, "conflict_strategy": "latest_wins"},
            "replay":   {"concurrency": 1, "batch_size": 1000, "max_retries": 3, "retry_backoff_seconds": 0.01, "progress_interval_seconds": 300, "quality_threshold": 0.5, "conflict_strategy": "latest_wins"},
            "partial":  {"concurrency": 1, "batch_size": 500,  "max_retries": 3, "retry_backoff_seconds": 0.01, "progress_interval_seconds": 60,  "quality_threshold": 0.5, "conflict_strategy": "latest_wins"},
            "engine":   {"lease_seconds": 30, "heartbeat_seconds": 1, "runner_stale_seconds": 3}
          }
          """);
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
