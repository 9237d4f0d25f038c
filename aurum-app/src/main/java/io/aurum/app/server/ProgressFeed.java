package io.aurum.app.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aurum.app.cli.ApiViews;
import io.aurum.core.model.Operation;
import io.aurum.core.model.OperationProgress;
import io.aurum.core.model.OperationState;
import io.aurum.core.ops.OperationService;
import io.javalin.http.sse.SseClient;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.ee10.servlet.HttpOutput;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live progress for the server's event streams. One timer per server reads the active operations'
 * progress from the store once a {@link #TICK} and sends it to every subscribed client, so the
 * store's load does not grow with the number of clients (200 clients, still one read a second), and
 * operations run by another process (a command line run) show as well. Each event is built once a
 * tick and the same bytes are written to each of its clients. An operation that ends is sent once
 * more, with its final state. Thread-safe.
 */
public final class ProgressFeed implements AutoCloseable {
  static final Duration TICK = Duration.ofSeconds(1);
  static final Set<OperationState> ACTIVE =
      Set.of(OperationState.PLANNED, OperationState.RUNNING, OperationState.PAUSED);
  private static final Logger LOG = LoggerFactory.getLogger(ProgressFeed.class);

  private final Api api;
  private final Set<SseClient> lists = ConcurrentHashMap.newKeySet();
  private final Map<String, Set<SseClient>> byOperation = new ConcurrentHashMap<>();
  private final ScheduledExecutorService timer;
  private final AtomicLong reads = new AtomicLong();
  private final AtomicLong frames = new AtomicLong();
  private volatile Set<String> lastActive = Set.of();

  ProgressFeed(Api api) {
    this.api = api;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "aurum-progress-feed");
              t.setDaemon(true);
              return t;
            });
    timer.scheduleWithFixedDelay(this::tick, 0, TICK.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Streams the active operations to {@code client} (event {@code operations}). */
  void subscribeList(SseClient client) {
    client.keepAlive();
    client.onClose(() -> lists.remove(client));
    lists.add(client);
  }

  /** Streams operation {@code id}'s progress to {@code client} (event {@code progress}). */
  void subscribe(String id, SseClient client) {
    client.keepAlive();
    Set<SseClient> set = byOperation.computeIfAbsent(id, k -> ConcurrentHashMap.newKeySet());
    client.onClose(
        () -> {
          set.remove(client);
          byOperation.computeIfPresent(id, (k, s) -> s.isEmpty() ? null : s);
        });
    set.add(client);
  }

  /**
   * How many times the feed read the store: once a tick with subscribers, whatever their number.
   */
  public long reads() {
    return reads.get();
  }

  /** Clients subscribed now. */
  public int clients() {
    return lists.size() + byOperation.values().stream().mapToInt(Set::size).sum();
  }

  private void tick() {
    try {
      if (lists.isEmpty() && byOperation.isEmpty()) {
        return;
      }
      reads.incrementAndGet();
      Map<String, ObjectNode> rows = new LinkedHashMap<>();
      for (Operation op : api.app().store().operations().list(ACTIVE)) {
        rows.put(op.id(), row(op));
      }
      Set<String> active = Set.copyOf(rows.keySet());
      for (String id : lastActive) {
        rows.computeIfAbsent(id, this::row);
      }
      for (String id : byOperation.keySet()) {
        rows.computeIfAbsent(id, this::row);
      }
      lastActive = active;
      ArrayNode list = Json.MAPPER.createArrayNode();
      rows.values().stream().filter(r -> r != null).forEach(list::add);
      if (!lists.isEmpty()) {
        byte[] frame = frame("operations", list.toString());
        lists.forEach(c -> send(c, lists, frame));
      }
      byOperation.forEach(
          (id, set) -> {
            ObjectNode r = rows.get(id);
            if (r != null) {
              byte[] frame = frame("progress", r.toString());
              set.forEach(c -> send(c, set, frame));
            }
          });
    } catch (Throwable t) {
      LOG.warn("progress feed: {}", t.toString());
    }
  }

  private ObjectNode row(String id) {
    Optional<Operation> op = api.app().store().operations().find(id);
    return op.map(this::row).orElse(null);
  }

  /** An operation's row as the operations list shows it, with done and percent. */
  ObjectNode row(Operation op) {
    OperationService service = api.runs().service();
    OperationProgress p = api.app().store().operations().progress(op.id());
    ObjectNode o = ApiViews.operationRow(op, p, service.stall(op).orElse(null));
    int total = p.total();
    o.put("done", p.finished());
    o.put("percent", total == 0 ? 0 : Math.round(p.finished() * 1000.0 / total) / 10.0);
    o.put("ended", !ACTIVE.contains(op.state()));
    return o;
  }

  /**
   * One event as the bytes every client of it receives: built once a tick, not once a client
   * ({@code data} is one line of JSON, so one {@code data:} line).
   */
  private byte[] frame(String event, String data) {
    frames.incrementAndGet();
    return ("event: " + event + "\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8);
  }

  /** Events built so far: one per stream and tick, whatever the number of clients. */
  public long frames() {
    return frames.get();
  }

  private static void send(SseClient c, Set<SseClient> from, byte[] frame) {
    if (c.terminated()) {
      from.remove(c);
      return;
    }
    try {
      // The prepared bytes straight to the response: Javalin's sendEvent would encode them again
      // for each of the clients. Jetty's own write of a buffer sends it in one network write,
      // where write and flush copied it into a pooled buffer first (JFR: a third of the feed's
      // time).
      OutputStream out = c.ctx().res().getOutputStream();
      if (out instanceof HttpOutput jetty) {
        jetty.write(ByteBuffer.wrap(frame));
      } else {
        out.write(frame);
        out.flush();
      }
    } catch (IOException | RuntimeException e) {
      from.remove(c);
      end(c); // the client went away: complete its request and run its close callbacks
    }
  }

  @Override
  public void close() {
    if (timer.isShutdown()) {
      return;
    }
    timer.shutdownNow();
    lists.forEach(ProgressFeed::end);
    byOperation.values().forEach(s -> s.forEach(ProgressFeed::end));
    lists.clear();
    byOperation.clear();
  }

  private static void end(SseClient c) {
    try {
      if (!c.terminated()) {
        c.close();
      }
    } catch (RuntimeException e) {
      // The client went away first.
    }
  }
}
