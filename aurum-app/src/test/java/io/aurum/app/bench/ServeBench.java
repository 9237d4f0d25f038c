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
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code bench/run.sh serve}: what watching the server costs a backfill. The same sandbox backfill
 * runs in {@code aurum serve}, on a fresh store each time, in three arms of one sitting: {@code
 * alone}; {@code real}, under {@code clients} server-sent-event clients and {@code reads} status
 * reads a second ({@code GET /api/operations/{id}}); and {@code limit}, under the same request rate
 * on {@code /health/live}, the cheapest route: what that many requests cost on this machine
 * whatever the server does with them. The load runs in a process of its own ({@link ServeLoad}).
 * One JSON line an arm, then one a round: real ÷ alone (goal ≥ 0.90), limit ÷ alone and real ÷
 * limit, the figure to report where the machine's cores, not the server, set the limit.
 *
 * <p>Arguments: {@code [clients=200] [reads=500] [days=365] [latency_ms=5] [concurrency=4]
 * [db=sqlite|postgresql] [rounds=1] [arms=alone,real,limit]}; the arms' order is reversed every
 * other round.
 */
public final class ServeBench {
  private ServeBench() {}

  static final List<String> ARMS = List.of("alone", "real", "limit");

  record Arm(String name, double partitionsPerSecond, double serverCpuSeconds, String load) {}

  public static void main(String[] args) throws Exception {
    int clients = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    int reads = args.length > 1 ? Integer.parseInt(args[1]) : 500;
    int days = args.length > 2 ? Integer.parseInt(args[2]) : 365;
    int latency = args.length > 3 ? Integer.parseInt(args[3]) : 5;
    int concurrency = args.length > 4 ? Integer.parseInt(args[4]) : 4;
    boolean pg = args.length > 5 && args[5].startsWith("postgres");
    int rounds = args.length > 6 ? Integer.parseInt(args[6]) : 1;
    // Some arms only (e.g. "real" under a profiler); the ratios need all three.
    List<String> only = List.of(args.length > 7 ? args[7].split(",") : ARMS.toArray(String[]::new));
    Setup setup = new Setup(pg, latency, concurrency, clients, reads);
    run(setup, Math.max(10, days / 4), "alone"); // warm-up: the JIT, the pools
    for (int round = 1; round <= rounds; round++) {
      List<String> order = new ArrayList<>(ARMS);
      order.retainAll(only);
      if (round % 2 == 0) {
        java.util.Collections.reverse(order);
      }
      Map<String, Arm> arms = new TreeMap<>();
      for (String name : order) {
        Arm a = run(setup, days, name);
        arms.put(name, a);
        System.out.printf(
            Locale.ROOT,
            "{\"bench\":\"serve\",\"db\":\"%s\",\"round\":%d,\"arm\":\"%s\",\"days\":%d,"
                + "\"partitions_per_s\":%.1f,\"server_cpu_s\":%.1f,\"load1\":%s%s}%n",
            pg ? "postgresql" : "sqlite",
            round,
            name,
            days,
            a.partitionsPerSecond(),
            a.serverCpuSeconds(),
            load1(),
            a.load() == null ? "" : "," + a.load().substring(1, a.load().length() - 1));
      }
      if (arms.size() < ARMS.size()) {
        continue;
      }
      double alone = arms.get("alone").partitionsPerSecond();
      double real = arms.get("real").partitionsPerSecond();
      double limit = arms.get("limit").partitionsPerSecond();
      System.out.printf(
          Locale.ROOT,
          "{\"bench\":\"serve\",\"db\":\"%s\",\"round\":%d,\"real_alone\":%.3f,"
              + "\"limit_alone\":%.3f,\"real_limit\":%.3f,\"load1\":%s}%n",
          pg ? "postgresql" : "sqlite",
          round,
          real / alone,
          limit / alone,
          real / limit,
          load1());
    }
  }

  /** What every arm shares. */
  record Setup(boolean pg, int latency, int concurrency, int clients, int reads) {}

  static String load1() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (Exception e) {
      return "null";
    }
  }

  static Arm run(Setup s, int days, String arm) throws Exception {
    Path tmp = Files.createTempDirectory("aurum-serve-bench");
    try (CliFixture fx = new CliFixture(tmp, s.pg(), 100_000, Math.max(s.concurrency(), 1))) {
      fx.sandbox.faults("eia").latencyMs(s.latency());
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
      Process load = null;
      try {
        BufferedReader loadOut = null;
        PrintWriter loadIn = null;
        if (!arm.equals("alone")) {
          int clients = arm.equals("real") ? s.clients() : 0;
          load = spawn(base, viewer, clients, s.reads());
          loadOut =
              new BufferedReader(
                  new InputStreamReader(load.getInputStream(), StandardCharsets.UTF_8));
          loadIn = new PrintWriter(load.getOutputStream(), true, StandardCharsets.UTF_8);
          String ready = loadOut.readLine();
          if (!"ready".equals(ready)) {
            throw new IllegalStateException("the load process said " + ready);
          }
        }
        String body =
            "{\"source\":\"eia\",\"datasets\":\"ELEC.DEMAND\",\"start_date\":\"2019-01-01\","
                + "\"end_date\":\""
                + java.time.LocalDate.of(2019, 1, 1).plusDays(days - 1)
                + "\",\"batch_size\":1,\"concurrency\":"
                + s.concurrency()
                + "}";
        long cpu0 = ServeLoad.cpuNanos();
        long t0 = System.nanoTime();
        HttpResponse<String> r =
            HttpClient.newHttpClient()
                .send(
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
        if (loadIn != null) {
          loadIn.println(arm.equals("real") ? "/api/operations/" + id : "/health/live");
        }
        OperationState state;
        do {
          Thread.sleep(100);
          state = app.store().operations().find(id).orElseThrow().state();
        } while (state == OperationState.RUNNING || state == OperationState.PLANNED);
        double seconds = (System.nanoTime() - t0) / 1e9;
        double cpu = (ServeLoad.cpuNanos() - cpu0) / 1e9;
        if (state != OperationState.SUCCEEDED) {
          throw new IllegalStateException("the backfill ended " + state);
        }
        String loadLine = null;
        if (loadIn != null) {
          loadIn.println("stop");
          loadLine = loadOut.readLine();
          if (loadLine == null) {
            throw new IllegalStateException("the load process ended early: see its messages above");
          }
          load.waitFor();
          loadLine =
              loadLine.substring(0, loadLine.length() - 1)
                  + ",\"feed_store_reads\":"
                  + server.api().feed().reads()
                  + "}";
        }
        int partitions = app.store().operations().progress(id).total();
        return new Arm(arm, partitions / seconds, cpu, loadLine);
      } finally {
        if (load != null) {
          load.destroy();
        }
        server.close();
        app.close();
      }
    }
  }

  /** The load in a JVM of its own, small and with one collector thread: it is not the subject. */
  private static Process spawn(String base, String token, int clients, int reads) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    return new ProcessBuilder(
            java,
            // Open loop: when the server falls behind, the unanswered requests pile up here.
            "-Xmx768m",
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "-cp",
            System.getProperty("java.class.path"),
            ServeLoad.class.getName(),
            base,
            token,
            Integer.toString(clients),
            Integer.toString(reads))
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
  }
}
