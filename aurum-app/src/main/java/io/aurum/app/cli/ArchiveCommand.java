package io.aurum.app.cli;

import io.aurum.app.wiring.AppContext;
import io.aurum.core.error.AurumException;
import io.aurum.core.rollback.Archiver;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code aurum archive} (runbook §2.7.2): the versions an operation superseded, with checksums. */
@Command(
    name = "archive",
    mixinStandardHelpOptions = true,
    description =
        "Write the versions an operation superseded as gzip files with a manifest of checksums"
            + " (runbook 2.7.2); each file is read back and verified.")
public final class ArchiveCommand extends Tool {
  @Mixin JobIdOption job;

  @Option(names = "--archive-location", paramLabel = "DIR")
  Path location;

  public ArchiveCommand(CliContext cli) {
    super(cli);
  }

  @Override
  void validate() {
    job.require("archive");
    if (location == null) {
      throw new AurumException.BadInput("archive needs --archive-location DIR");
    }
  }

  @Override
  int run(AppContext app) {
    Archiver.Result r =
        Archiver.archive(
            store(app), job.require("archive"), location, cli.actor(), cli.clock().instant());
    long records = r.entries().stream().mapToLong(Archiver.Entry::records).sum();
    cli.out()
        .printf(
            "%s: archived %d superseded version(s), %d record(s), checksums verified; manifest %s%n",
            job.require("archive"), r.entries().size(), records, r.manifest());
    cli.out().flush();
    return 0;
  }
}
