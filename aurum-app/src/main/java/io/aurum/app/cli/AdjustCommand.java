package io.aurum.app.cli;

import io.aurum.app.wiring.AppContext;
import io.aurum.app.wiring.Locations;
import io.aurum.core.config.SourceQuota;
import io.aurum.core.error.AurumException;
import io.aurum.core.model.BackfillParams;
import io.aurum.core.model.Operation;
import io.aurum.core.model.OperationParams;
import io.aurum.core.model.OperationSpec;
import io.aurum.core.request.Origin;
import io.aurum.core.request.RequestRules;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code aurum adjust} (runbook 8.1): changes a live operation's concurrency, rate limit, batch
 * size, parallelism or retries. The runner driving it rereads them on its next cycle.
 */
@Command(
    name = "adjust",
    mixinStandardHelpOptions = true,
    description = "Change a running or paused operation's parameters.")
public final class AdjustCommand implements Callable<Integer> {
  private final CliContext cli;
  @Mixin CommonOptions common;
  @Mixin JobIdOption job;

  @Option(names = "--new-concurrency")
  Integer concurrency;

  @Option(names = "--new-rate-limit", paramLabel = "auto|N")
  String rateLimit;

  @Option(names = "--new-batch-size")
  Integer batchSize;

  @Option(names = "--new-parallelism")
  Integer parallelism;

  @Option(names = "--new-max-retries")
  Integer maxRetries;

  public AdjustCommand(CliContext cli) {
    this.cli = cli;
  }

  @Override
  public Integer call() {
    Logging.configure(common.logLevel());
    String id = job.require("adjust");
    if (concurrency == null
        && rateLimit == null
        && batchSize == null
        && parallelism == null
        && maxRetries == null) {
      throw new AurumException.BadInput(
          "adjust needs at least one of --new-concurrency, --new-rate-limit, "
              + "--new-batch-size, --new-parallelism, --new-max-retries");
    }
    try (AppContext app = AppContext.open(cli, () -> Locations.resolve(common, cli))) {
      Operation op = app.control().get(id);
      if (op.state().terminal()) {
        throw new AurumException.IllegalStateChange(
            "operation " + id + " is " + op.state() + ": there is nothing to adjust");
      }
      SourceQuota quota = app.config().quotas().get(op.source());
      OperationSpec s = op.spec();
      OperationParams params = s.params();
      // The same rules as a new operation's flags, named as adjust's flags.
      Origin o =
          CliVocabulary.flags(
              Map.of(
                  "concurrency", "--new-concurrency",
                  "parallelism", "--new-parallelism",
                  "batch_size", "--new-batch-size",
                  "max_retries", "--new-max-retries",
                  "rate_limit", "--new-rate-limit"));
      int conc =
          concurrency == null
              ? s.concurrency()
              : RequestRules.concurrency(concurrency, s.concurrency(), quota, op.source(), o);
      if (parallelism != null) {
        conc = RequestRules.parallelism(parallelism, conc, o);
        if (params instanceof BackfillParams b) {
          params = b.withParallelism(parallelism);
        }
      }
      int batch = RequestRules.batchSize(batchSize, s.batchSize(), o);
      int retries = RequestRules.maxRetries(maxRetries, s.maxRetries(), o);
      Double rate =
          rateLimit == null
              ? s.rateLimit()
              : RequestRules.rateLimit(rateLimit, quota, op.source(), o);
      OperationSpec next =
          new OperationSpec(
              s.source(),
              s.startDate(),
              s.endDate(),
              s.datasets(),
              conc,
              batch,
              retries,
              rate,
              s.retryBackoffSeconds(),
              s.force(),
              s.conflictStrategy(),
              params);
      app.store().operations().updateSpec(id, next, cli.actor());
      cli.out()
          .printf(
              "%s adjusted: concurrency %d, rate limit %s, batch size %d, max retries %d%n",
              id, conc, rate == null ? "auto" : rate + "/s", batch, retries);
      return 0;
    }
  }
}
