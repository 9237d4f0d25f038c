package io.aurum.app.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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
 * The load of {@code bench/run.sh serve}, run by {@link ServeBench} in a process of its own so that
 * its CPU is not the server's JVM's: {@code clients} server-sent-event clients on {@code
 * /api/events/operations} and an open-loop load of {@code reads} GETs a second (sent on a fixed
 * schedule whatever the answers' pace, each timed from when it was due, so a slow server is not
 * hidden).
 *
 * <p>Arguments: {@code BASE TOKEN clients reads}. On stdin it reads, line by line: the path the
 * reads go to once the clients are connected (it prints {@code ready} then), and {@code stop}; then
 * it prints one JSON line of what it did and exits.
 */
public final class ServeLoad {
  private ServeLoad() {}

  public static void main(String[] args) throws Exception {
    String base = args[0];
    String token = args[1];
    int clients = Integer.parseInt(args[2]);
    int reads = Integer.parseInt(args[3]);
    AtomicLong connected = new AtomicLong();
    AtomicLong events = new AtomicLong();
    AtomicLong sent = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    HttpClient http = HttpClient.newBuilder().executor(pool).build();
    for (int i = 0; i < clients; i++) {
      http.sendAsync(
              HttpRequest.newBuilder(URI.create(base + "/api/events/operations"))
                  .header("Authorization", "Bearer " + token)
                  .header("Accept", "text/event-stream")
                  .build(),
              info -> {
                if (info.statusCode() != 200) {
                  throw new IllegalStateException("event stream answered " + info.statusCode());
                }
                return HttpResponse.BodySubscribers.fromLineSubscriber(
                    new Counting(connected, events));
              })
          .whenComplete(
              (res, e) -> {
                if (e != null) {
                  System.err.println("event stream: " + e);
                }
              });
    }
    while (connected.get() < clients) {
      Thread.sleep(50); // a benchmark waits for its clients; no test runs this
    }
    System.out.println("ready");
    System.out.flush();
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String path = in.readLine();
    long cpu0 = cpuNanos();
    ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
    if (reads > 0 && path != null) {
      long period = 1_000_000_000L / reads;
      long start = System.nanoTime();
      AtomicLong n = new AtomicLong();
      HttpRequest get =
          HttpRequest.newBuilder(URI.create(base + path))
              .header("Authorization", "Bearer " + token)
              .build();
      ticker.scheduleAtFixedRate(
          () -> {
            // Open loop: every request due by now goes out, each timed from when it was due.
            long due = (System.nanoTime() - start) / period;
            while (n.get() <= due) {
              long intended = start + n.getAndIncrement() * period;
              sent.incrementAndGet();
              http.sendAsync(get, HttpResponse.BodyHandlers.discarding())
                  .whenComplete(
                      (res, e) -> {
                        if (e == null && res.statusCode() == 200) {
                          latencies.add(System.nanoTime() - intended);
                        } else {
                          failed.incrementAndGet();
                        }
                      });
            }
          },
          0,
          1,
          TimeUnit.MILLISECONDS);
    }
    String line;
    do {
      line = in.readLine();
    } while (line != null && !line.equals("stop"));
    ticker.shutdownNow();
    double cpu = (cpuNanos() - cpu0) / 1e9;
    List<Long> l = new ArrayList<>(latencies);
    Collections.sort(l);
    System.out.printf(
        Locale.ROOT,
        "{\"sse_clients\":%d,\"sse_events\":%d,\"reads_sent\":%d,\"reads_ok\":%d,"
            + "\"reads_failed\":%d,\"read_p50_ms\":%.1f,\"read_p99_ms\":%.1f,\"read_max_ms\":%.1f,"
            + "\"load_cpu_s\":%.1f}%n",
        connected.get(),
        events.get(),
        sent.get(),
        l.size(),
        failed.get(),
        pct(l, 0.50),
        pct(l, 0.99),
        l.isEmpty() ? 0 : l.get(l.size() - 1) / 1e6,
        cpu);
    System.out.flush();
    Runtime.getRuntime().halt(0); // the event streams stay open: nothing to wait for
  }

  static double pct(List<Long> sorted, double p) {
    if (sorted.isEmpty()) {
      return 0;
    }
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1)) / 1e6;
  }

  /** This process's CPU time so far, every thread. */
  static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** Counts an event stream's events without holding a thread per client. */
  static final class Counting implements Flow.Subscriber<String> {
    private final AtomicLong connected;
    private final AtomicLong events;

    Counting(AtomicLong connected, AtomicLong events) {
      this.connected = connected;
      this.events = events;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      connected.incrementAndGet();
      s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(String line) {
      if (line.startsWith("event:")) {
        events.incrementAndGet();
      }
    }

    @Override
    public void onError(Throwable t) {}

    @Override
    public void onComplete() {}
  }
}
