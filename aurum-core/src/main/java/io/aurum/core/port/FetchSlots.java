package io.aurum.core.port;

import java.time.Duration;
import java.util.OptionalLong;

/**
 * The fetch slots of a quota lane ({@code max_concurrency}) shared by every process on one database
 * (PostgreSQL): a fetch window holds one while it talks to the upstream, so that all processes
 * together never have more fetches of the lane in flight than its cap. A slot is leased: the
 * process holding it renews it while it lives, and a dead process's slots come back once their
 * lease runs out. Implementations are thread-safe.
 */
public interface FetchSlots {

  /**
   * Takes a free slot of {@code lane} among its first {@code cap}, leased for {@code lease} and
   * renewed by this process until released; empty when all {@code cap} are held (an expected race:
   * try again later). Returns the slot's ticket for {@link #release}.
   */
  OptionalLong take(String lane, int cap, Duration lease);

  /**
   * Frees the slot of {@code ticket} (idempotent; a slot whose lease ran out and was taken by
   * another process is left alone). A failure here is swallowed: the slot then comes back with its
   * lease.
   */
  void release(long ticket);
}
