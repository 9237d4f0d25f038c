package io.aurum.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.aurum.app.wiring.AppContext;
import io.aurum.app.wiring.Locations;
import io.aurum.core.config.SourceQuota;
import io.aurum.core.error.AurumException;
import io.aurum.core.error.UpstreamException;
import io.aurum.core.model.Dataset;
import io.aurum.core.model.PartitionKey;
import io.aurum.core.model.SourceId;
import io.aurum.core.port.Connector;
import io.aurum.core.port.FetchContext;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code aurum health sources}: for each source (each ISO market separately) one small probe fetch
 * of its first catalog dataset — reachability, whether the credential is set and accepted, the
 * configured quota and the probe's latency. Exit 0 when every source answered, 1 otherwise.
 */
@Command(
    name = "health",
    mixinStandardHelpOptions = true,
    description = "Check upstream sources: reachability, credentials, quota, latency.")
public final class HealthCommand implements Callable<Integer> {
  private final CliContext cli;
  @Mixin CommonOptions common;

  @Parameters(index = "0", paramLabel = "sources", description = "What to check: sources.")
  String what;

  @Option(names = "--format", paramLabel = "table|json")
  String format = "table";

  public HealthCommand(CliContext cli) {
    this.cli = cli;
  }

  /** One row of the report. */
  record Probe(
      String source,
      String status,
      String credential,
      String accepted,
      String quota,
      Long latencyMs,
      Integer rows,
      String detail) {}

  @Override
  public Integer call() throws Exception {
    Logging.configure(common.logLevel());
    if (!"sources".equals(what)) {
      throw new AurumException.BadInput("unknown health check '" + what + "': use sources");
    }
    if (!format.equals("table") && !format.equals("json")) {
      throw new AurumException.BadInput("unknown --format '" + format + "': use table or json");
    }
    List<Probe> probes = new ArrayList<>();
    try (AppContext app = AppContext.create(cli, Locations.resolve(common, cli))) {
      for (SourceId source : SourceId.values()) {
        Map<String, Dataset> byMarket = new LinkedHashMap<>();
        for (Dataset d : app.config().catalog().select(source, List.of())) {
          String market = d.upstream().get("market");
          byMarket.putIfAbsent(market == null ? "" : market, d);
        }
        for (Map.Entry<String, Dataset> e : byMarket.entrySet()) {
          String name = source.cliName() + (e.getKey().isEmpty() ? "" : ":" + e.getKey());
          probes.add(probe(app, source, name, e.getValue()));
        }
      }
    }
    render(probes, cli.out());
    cli.out().flush();
    return probes.stream().allMatch(p -> p.status().equals("OK")) ? 0 : 1;
  }

  private Probe probe(AppContext app, SourceId source, String name, Dataset d) {
    boolean sandbox = app.locations().sandbox();
    String var = Credentials.variable(source, List.of(d));
    String credential =
        var == null ? "not needed" : sandbox ? "sandbox" : cli.env(var) != null ? "set" : "missing";
    String quota = quota(app, source);
    if ("missing".equals(credential)) {
      return new Probe(name, "NO_KEY", credential, "-", quota, null, null, "set " + var);
    }
    Connector connector = app.connectors().get(source);
    LocalDate day =
        d.frequency().monthlyPartitions()
            ? LocalDate.now(d.zone()).withDayOfMonth(1).minusMonths(3)
            : LocalDate.now(d.zone()).minusDays(7);
    PartitionKey key = new PartitionKey(source, d.name(), day);
    AtomicInteger rows = new AtomicInteger();
    long t0 = System.nanoTime();
    try {
      connector.fetch(
          new Connector.FetchRequest(d, key, key.start(d), key.end(d), Map.of()),
          FetchContext.UNLIMITED,
          o -> rows.incrementAndGet());
      long ms = (System.nanoTime() - t0) / 1_000_000;
      return new Probe(
          name,
          "OK",
          credential,
          var == null ? "-" : "yes",
          quota,
          ms,
          rows.get(),
          d.name() + " " + day);
    } catch (UpstreamException e) {
      long ms = (System.nanoTime() - t0) / 1_000_000;
      boolean keyProblem = var != null && e.getMessage().contains(var);
      String status =
          e.throttled()
              ? "THROTTLED"
              : keyProblem ? "KEY_REJECTED" : e.retryable() ? "UNREACHABLE" : "ERROR";
      return new Probe(
          name, status, credential, keyProblem ? "no" : "-", quota, ms, null, e.getMessage());
    }
  }

  private static String quota(AppContext app, SourceId source) {
    SourceQuota q = app.config().quotas().get(source);
    if (q == null) {
      return "-";
    }
    return q.limits().stream()
        .map(
            l ->
                l.requests()
                    + "/"
                    + l.period().toString().substring(2).toLowerCase(java.util.Locale.ROOT))
        .collect(Collectors.joining(", "));
  }

  private void render(List<Probe> probes, PrintWriter out) throws Exception {
    if (format.equals("json")) {
      out.println(
          new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(probes));
      return;
    }
    out.printf(
        "%-11s %-12s %-10s %-8s %-22s %8s %6s  %s%n",
        "SOURCE", "STATUS", "KEY", "ACCEPTED", "QUOTA", "LATENCY", "ROWS", "DETAIL");
    for (Probe p : probes) {
      out.printf(
          "%-11s %-12s %-10s %-8s %-22s %8s %6s  %s%n",
          p.source(),
          p.status(),
          p.credential(),
          p.accepted(),
          p.quota(),
          p.latencyMs() == null ? "-" : p.latencyMs() + " ms",
          p.rows() == null ? "-" : p.rows(),
          p.detail());
    }
  }
}
