package io.aurum.app.cli;

import io.aurum.app.wiring.AppContext;
import io.aurum.app.wiring.Locations;
import io.aurum.core.error.AurumException;
import io.aurum.core.model.OperationSpec;
import io.aurum.core.model.OperationType;
import io.aurum.core.model.Priority;
import io.aurum.core.usecase.Replays;
import io.aurum.core.usecase.SchemaResolveRequest;
import io.aurum.core.usecase.Schemas;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code aurum schema resolve}: a schema_correction replay of a version-conflicts file. */
@Command(
    name = "resolve",
    mixinStandardHelpOptions = true,
    description =
        "upgrade_to_latest: a schema_correction replay of exactly the partitions of the"
            + " version-conflicts file, with its migration (or --migration-script).")
public final class SchemaResolveCommand implements Callable<Integer> {
  private final CliContext cli;
  @Mixin CommonOptions common;

  @Option(names = "--version-conflicts", paramLabel = "FILE")
  Path file;

  @Option(names = "--resolution", paramLabel = "upgrade_to_latest")
  String resolution;

  @Option(names = "--migration-script", paramLabel = "FILE")
  Path migration;

  @Option(names = "--source", description = "Accepted for the runbook; the file names it.")
  String source;

  @Option(names = "--reason")
  String reason;

  @Option(names = "--priority", paramLabel = "low|normal|high")
  String priority = "normal";

  public SchemaResolveCommand(CliContext cli) {
    this.cli = cli;
  }

  @Override
  public Integer call() {
    Logging.configure(common.logLevel());
    if (file == null || resolution == null) {
      throw new AurumException.BadInput(
          "schema resolve needs --version-conflicts FILE and --resolution upgrade_to_latest");
    }
    Schemas.Resolution.parse(resolution, CliVocabulary.FLAGS);
    VersionConflictsFile conflicts = VersionConflictsFile.read(file);
    Schemas.Upgrade upgrade =
        Schemas.upgrade(
            new SchemaResolveRequest(
                conflicts.source(),
                file.toString(),
                conflicts.expectedVersion(),
                OperationRun.script(migration != null ? migration : conflicts.migration()),
                conflicts.partitions(),
                Priority.parse(priority),
                reason,
                CliVocabulary.FLAGS));
    if (upgrade.partitions().isEmpty()) {
      cli.out().printf("nothing to upgrade: %s lists no conflict%n", file);
      cli.out().flush();
      return 0;
    }
    try (AppContext app = AppContext.open(cli, () -> Locations.resolve(common, cli))) {
      app.control();
      Schemas schemas = UseCases.schemas(app);
      OperationSpec spec = schemas.prepare(upgrade);
      Credentials.require(
          upgrade.source(),
          app.config().catalog().select(upgrade.source(), spec.datasets()),
          app.locations().sandbox(),
          cli);
      Replays.Created c = schemas.create(upgrade, spec, cli.actor(), app.store());
      cli.out()
          .printf(
              "%s: upgrading %d partition(s) to schema %s%n",
              c.operation().id(), c.tasks().size(), upgrade.schemaVersion());
      cli.out().flush();
      return OperationRun.start(app, c.operation(), OperationType.REPLAY);
    }
  }
}
