package io.aurum.store;

import io.aurum.core.port.FetchSlots;
import io.aurum.store.jdbc.Jdbc;
import java.lang.management.ManagementFactory;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetch slots shared by every process on PostgreSQL (migration V097): a take is one statement
 * ({@code aurum_slot_take}), a release another; the slots this store holds are renewed together by
 * one statement on a background thread, three times a lease, so a process that dies (kill -9, power
 * loss) stops renewing and its slots are free once their lease runs out on the database's clock.
 * Thread-safe.
 */
final class JdbcFetchSlots implements FetchSlots, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(JdbcFetchSlots.class);

  private final Jdbc jdbc;

  /** Who holds the slots this store takes, for people reading the table: pid@host. */
  private final String holder = ManagementFactory.getRuntimeMXBean().getName();

  /** The slots this store holds: ticket → lease. */
  private final Map<Long, Duration> held = new ConcurrentHashMap<>();

  private final Object renewing = new Object();
  private ScheduledExecutorService renewer;
  private ScheduledFuture<?> renewals;
  private long renewEveryMs = Long.MAX_VALUE;
  private boolean closed;

  JdbcFetchSlots(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public OptionalLong take(String lane, int cap, Duration lease) {
    long ticket =
        jdbc.withConnection(
            "taking a fetch slot of " + lane,
            c -> {
              try (PreparedStatement ps =
                  c.prepareStatement("SELECT aurum_slot_take(?, ?, ?, ?)")) {
                ps.setString(1, lane);
                ps.setInt(2, cap);
                ps.setString(3, holder);
                ps.setLong(4, lease.toNanos() / 1000);
                try (ResultSet rs = ps.executeQuery()) {
                  rs.next();
                  // NULL (read as 0): every slot of the lane is held.
                  return rs.getLong(1);
                }
              }
            });
    if (ticket == 0) {
      return OptionalLong.empty();
    }
    held.put(ticket, lease);
    renewWithin(lease);
    return OptionalLong.of(ticket);
  }

  @Override
  public void release(long ticket) {
    // Forgotten first: a renewal running now must not take the freed slot for a lost one.
    held.remove(ticket);
    try {
      jdbc.withConnection(
          "freeing a fetch slot",
          c -> {
            try (PreparedStatement ps =
                c.prepareStatement(
                    "UPDATE fetch_slots SET ticket = NULL, holder = NULL, lease_us = NULL,"
                        + " expires_us = NULL WHERE ticket = ?")) {
              ps.setLong(1, ticket);
              return ps.executeUpdate();
            }
          });
    } catch (RuntimeException e) {
      // The slot comes back with its lease, no later: nothing renews it any more.
      LOG.warn(
          "freeing fetch slot {} failed; it is free again within its lease: {}",
          ticket,
          e.toString());
    }
  }

  /** Renews the held slots at least three times within {@code lease}. */
  private void renewWithin(Duration lease) {
    long every = Math.max(1, lease.toMillis() / 3);
    synchronized (renewing) {
      if (closed || every >= renewEveryMs) {
        return;
      }
      if (renewer == null) {
        renewer =
            Executors.newSingleThreadScheduledExecutor(
                r -> {
                  Thread t = new Thread(r, "aurum-fetch-slots");
                  t.setDaemon(true);
                  return t;
                });
      }
      if (renewals != null) {
        renewals.cancel(false);
      }
      renewEveryMs = every;
      renewals = renewer.scheduleWithFixedDelay(this::renew, every, every, TimeUnit.MILLISECONDS);
    }
  }

  /** One renewal: every held slot's lease starts again now; a slot lost meanwhile is reported. */
  private void renew() {
    try {
      Set<Long> tickets = new HashSet<>(held.keySet());
      if (tickets.isEmpty()) {
        return;
      }
      Set<Long> renewed =
          jdbc.withConnection(
              "renewing fetch slots",
              c -> {
                Array a = c.createArrayOf("bigint", tickets.toArray(Long[]::new));
                try (PreparedStatement ps =
                    c.prepareStatement(
                        "UPDATE fetch_slots SET expires_us = aurum_now_us() + lease_us"
                            + " WHERE ticket = ANY(?) RETURNING ticket")) {
                  ps.setArray(1, a);
                  Set<Long> out = new HashSet<>();
                  try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                      out.add(rs.getLong(1));
                    }
                  }
                  return out;
                } finally {
                  a.free();
                }
              });
      for (Long t : tickets) {
        if (!renewed.contains(t) && held.remove(t) != null) {
          // Not renewed for a whole lease (a stalled process, an unreachable database): another
          // process may have the slot now, and the lane is over its cap until this fetch ends.
          LOG.warn(
              "fetch slot {} was lost: its lease ran out before it was renewed; the fetch goes on",
              t);
        }
      }
    } catch (Throwable e) {
      // The loop must survive: a failed renewal is tried again next time, within the lease.
      LOG.warn("renewing fetch slots failed (tried again shortly): {}", e.toString());
    }
  }

  /** Stops renewing and frees the slots still held: this store is closing. */
  @Override
  public void close() {
    synchronized (renewing) {
      closed = true;
      if (renewer != null) {
        renewer.shutdownNow();
      }
    }
    for (Long t : Set.copyOf(held.keySet())) {
      release(t);
    }
  }
}
