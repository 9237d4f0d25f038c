package io.aurum.app.bench;

import io.aurum.app.cli.CliContext;
import io.aurum.app.cli.CommonOptions;
import io.aurum.app.server.Api;
import io.aurum.app.server.AurumServer;
import io.aurum.app.server.ServerOptions;
import io.aurum.app.testing.CliFixture;
import io.aurum.app.wiring.AppContext;
import io.aurum.app.wiring.Locations;
import io.aurum.core.model.OperationState;
import io.aurum.core.model.Role;
import io.aurum.core.usecase.Tokens;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code bench/run.sh serve}: what watching the server costs a backfill. The same sandbox backfill
 * runs in {@code aurum serve} twice on a fresh SQLite store each time: alone, then with {@code
 * clients} server-sent-event clients on the active operations' stream and an open-loop load of
 * {@code reads} status reads a second ({@code GET /api/operations/{id}}, sent on a fixed schedule
 * whatever the answers' pace, latency counted from the scheduled send so that a slow server is not
 * hidden). One JSON line: both throughputs (partitions a second), their ratio (goal ≥ 0.90), the
 * reads' p50/p99/max latency and the events the clients received.
 *
 * <p>Arguments: {@code [clients=200] [reads=500] [days=365] [latency_ms=5] [concurrency=4]}.
 */
public final class ServeBench {
  private ServeBench() {}

  record Run(double seconds, int partitions) {
    double perSecond() {
      return partitions / seconds;
    }
  }

  public static void main(String[] args) throws Exception {
    int clients = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    int reads = args.length > 1 ? Integer.parseInt(args[1]) : 500;
    int days = args.length > 2 ? Integer.parseInt(args[2]) : 365;
    int latency = args.length > 3 ? Integer.parseInt(args[3]) : 5;
    int concurrency = args.length > 4 ? Integer.parseInt(args[4]) : 4;
    run(Math.max(10, days / 4), latency, concurrency, 0, 0, null); // warm-up: the JIT, the pools
    Run alone = run(days, latency, concurrency, 0, 0, null);
    Load load = new Load();
    Run loaded = run(days, latency, concurrency, clients, reads, load);
    List<Long> l = new ArrayList<>(load.latencies);
    Collections.sort(l);
    System.out.printf(
        Locale.ROOT,
        "{\"bench\":\"serve\",\"db\":\"sqlite\",\"days\":%d,\"concurrency\":%d,\"upstream_latency_ms\":%d,"
            + "\"alone_partitions_per_s\":%.1f,\"loaded_partitions_per_s\":%.1f,\"ratio\":%.3f,"
            + "\"sse_clients\":%d,\"sse_events\":%d,\"reads_per_s_target\":%d,\"reads_sent\":%d,"
            + "\"reads_ok\":%d,\"reads_failed\":%d,\"read_p50_ms\":%.1f,\"read_p99_ms\":%.1f,"
            + "\"read_max_ms\":%.1f,\"feed_store_reads\":%d}%n",
        days,
        concurrency,
        latency,
        alone.perSecond(),
        loaded.perSecond(),
        loaded.perSecond() / alone.perSecond(),
        load.connected.get(),
        load.events.get(),
        reads,
        load.sent.get(),
        l.size(),
        load.failed.get(),
        pct(l, 0.50),
        pct(l, 0.99),
        l.isEmpty() ? 0 : l.get(l.size() - 1) / 1e6,
        load.feedReads);
  }

  static double pct(List<Long> sorted, double p) {
    if (sorted.isEmpty()) {
      return 0;
    }
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1)) / 1e6;
  }

  /** What the load did: clients connected, events received, reads sent and their latencies. */
  static final class Load {
    final AtomicLong connected = new AtomicLong();
    final AtomicLong events = new AtomicLong();
    final AtomicLong sent = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
    long feedReads;
  }

  static Run run(int days, int latency, int concurrency, int clients, int reads, Load load)
      throws Exception {
    Path tmp = Files.createTempDirectory("aurum-serve-bench");
    try (CliFixture fx = new CliFixture(tmp, false, 100_000, Math.max(concurrency, 1))) {
      fx.sandbox.faults("eia").latencyMs(latency);
      StringWriter sink = new StringWriter();
      CliContext cli =
          new CliContext(
              fx.env(),
              new PrintWriter(sink, true),
              new PrintWriter(sink, true),
              Clock.systemUTC());
      AppContext app = AppContext.create(cli, Locations.resolve(new CommonOptions(), cli));
      AurumServer server = AurumServer.start(new Api(app), ServerOptions.local(0));
      String base = "http://127.0.0.1:" + server.port();
      Tokens tokens = new Tokens(app.store());
      String operator = tokens.create("bench-operator", Role.OPERATOR, "bench").token();
      String viewer = tokens.create("bench-viewer", Role.VIEWER, "bench").token();
      ExecutorService pool = Executors.newFixedThreadPool(8);
      HttpClient http = HttpClient.newBuilder().executor(pool).build();
      ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
      try {
        for (int i = 0; i < clients; i++) {
          http.sendAsync(
                  HttpRequest.newBuilder(URI.create(base + "/api/events/operations"))
                      .header("Authorization", "Bearer " + viewer)
                      .header("Accept", "text/event-stream")
                      .build(),
                  info -> {
                    if (info.statusCode() != 200) {
                      throw new IllegalStateException("event stream answered " + info.statusCode());
                    }
                    return HttpResponse.BodySubscribers.fromLineSubscriber(new Counting(load));
                  })
              .whenComplete(
                  (res, e) -> {
                    if (e != null) {
                      System.err.println("event stream: " + e);
                    }
                  });
        }
        while (load != null && load.connected.get() < clients) {
          Thread.sleep(50); // a benchmark waits for its clients; no test runs this
        }
        String body =
            "{\"source\":\"eia\",\"datasets\":\"ELEC.DEMAND\",\"start_date\":\"2019-01-01\","
                + "\"end_date\":\""
                + java.time.LocalDate.of(2019, 1, 1).plusDays(days - 1)
                + "\",\"batch_size\":1,\"concurrency\":"
                + concurrency
                + "}";
        long t0 = System.nanoTime();
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(URI.create(base + "/api/backfills"))
                    .header("Authorization", "Bearer " + operator)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 202) {
          throw new IllegalStateException(r.statusCode() + " " + r.body());
        }
        String id = r.body().replaceAll("(?s).*\"operation_id\"\\s*:\\s*\"([^\"]+)\".*", "$1");
        if (reads > 0) {
          long period = 1_000_000_000L / reads;
          long start = System.nanoTime();
          AtomicLong n = new AtomicLong();
          HttpRequest status =
              HttpRequest.newBuilder(URI.create(base + "/api/operations/" + id))
                  .header("Authorization", "Bearer " + viewer)
                  .build();
          ticker.scheduleAtFixedRate(
              () -> {
                // Open loop: every request due by now goes out, each timed from when it was due.
                long due = (System.nanoTime() - start) / period;
                while (n.get() <= due) {
                  long intended = start + n.getAndIncrement() * period;
                  load.sent.incrementAndGet();
                  http.sendAsync(status, HttpResponse.BodyHandlers.discarding())
                      .whenComplete(
                          (res, e) -> {
                            if (e == null && res.statusCode() == 200) {
                              load.latencies.add(System.nanoTime() - intended);
                            } else {
                              load.failed.incrementAndGet();
                            }
                          });
                }
              },
              0,
              1,
              TimeUnit.MILLISECONDS);
        }
        OperationState state;
        do {
          Thread.sleep(100);
          state = app.store().operations().find(id).orElseThrow().state();
        } while (state == OperationState.RUNNING || state == OperationState.PLANNED);
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (state != OperationState.SUCCEEDED) {
          throw new IllegalStateException("the backfill ended " + state);
        }
        int partitions = app.store().operations().progress(id).total();
        if (load != null) {
          load.feedReads = server.api().feed().reads();
        }
        return new Run(seconds, partitions);
      } finally {
        ticker.shutdownNow();
        server.close();
        app.close();
        pool.shutdownNow();
      }
    }
  }

  /** Counts an event stream's events without holding a thread per client. */
  static final class Counting implements Flow.Subscriber<String> {
    private final Load load;

    Counting(Load load) {
      this.load = load;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      load.connected.incrementAndGet();
      s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(String line) {
      if (line.startsWith("event:")) {
        load.events.incrementAndGet();
      }
    }

    @Override
    public void onError(Throwable t) {}

    @Override
    public void onComplete() {}
  }
}
