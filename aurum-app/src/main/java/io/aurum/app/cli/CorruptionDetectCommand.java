package io.aurum.app.cli;

import io.aurum.app.wiring.AppContext;
import io.aurum.app.wiring.Locations;
import io.aurum.core.integrity.Category;
import io.aurum.core.integrity.ScanDepth;
import io.aurum.core.model.SourceId;
import io.aurum.core.usecase.CorruptionDetectRequest;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code aurum corruption detect}: schema, completeness, accuracy and checksum findings. */
@Command(
    name = "detect",
    mixinStandardHelpOptions = true,
    description = "Scan a source's published data for corruption; exit 5 when anything is found.")
public final class CorruptionDetectCommand extends Tool {
  @Option(names = "--source", required = true)
  String source;

  @Option(names = "--corruption-types", split = ",", paramLabel = "schema,completeness,accuracy")
  List<String> types = List.of();

  @Option(names = "--scan-depth", paramLabel = "quick|standard|full")
  String depth = "standard";

  @Mixin ScanOutput report;

  @Option(
      names = "--verify-upstream",
      paramLabel = "N",
      description =
          "Also re-fetch N published partitions (spread over the source) from upstream and report"
              + " those whose rows differ (upstream_mismatch, accuracy): N upstream requests.")
  int verifyUpstream;

  private CorruptionDetectRequest request;

  public CorruptionDetectCommand(CliContext cli) {
    super(cli);
  }

  @Override
  void validate() {
    request =
        new CorruptionDetectRequest(
            SourceId.parse(source), Category.parse(types), ScanDepth.parse(depth));
    report.check("corruption_report.json", Locations.resolve(common, cli));
    if (verifyUpstream < 0) {
      throw new io.aurum.core.error.AurumException.BadInput(
          "--verify-upstream " + verifyUpstream + " is negative: give a number of partitions");
    }
  }

  @Override
  int run(AppContext app) {
    if (verifyUpstream == 0) {
      return report.run(app, scans -> scans.detect(request));
    }
    SourceId src = request.source();
    Credentials.require(src, app.config().catalog().forSource(src), app.locations().sandbox(), cli);
    var connector = app.connectors().get(src);
    var pacing = paced(app.config().quotas().get(src).totalRequestsPerSecond());
    return report.run(app, scans -> scans.detect(request, verifyUpstream, connector, pacing));
  }

  /** Requests spaced to half the source's quota: a sample never competes with running work. */
  private static io.aurum.core.port.FetchContext paced(double perSecond) {
    long gapNanos = perSecond <= 0 ? 1_000_000_000L : (long) (2e9 / perSecond);
    return new io.aurum.core.port.FetchContext() {
      private long next = System.nanoTime();

      @Override
      public synchronized void beforeRequest() {
        long wait = next - System.nanoTime();
        if (wait > 0) {
          java.util.concurrent.locks.LockSupport.parkNanos(wait);
        }
        next = System.nanoTime() + gapNanos;
      }

      @Override
      public void afterResponse(long bytes) {}
    };
  }
}
