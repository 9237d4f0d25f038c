package io.aurum.app.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Status documents are shared for a second, and a refresh keeps no other reader waiting. */
class StatusCacheTest {
  @Test
  void readers_share_one_document_a_second() {
    AtomicInteger reads = new AtomicInteger();
    AtomicLong now = new AtomicLong();
    StatusCache cache = new StatusCache(id -> id + ":" + reads.incrementAndGet(), now::get);
    assertThat(cache.get("OP")).isEqualTo("OP:1");
    now.addAndGet(StatusCache.TTL_NANOS - 1);
    assertThat(cache.get("OP")).isEqualTo("OP:1");
    now.addAndGet(1);
    assertThat(cache.get("OP")).isEqualTo("OP:2");
    assertThat(reads).hasValue(2);
  }

  @Test
  void while_one_reader_refreshes_the_others_get_the_last_document_without_waiting()
      throws Exception {
    AtomicLong now = new AtomicLong();
    CountDownLatch inRefresh = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger reads = new AtomicInteger();
    StatusCache cache =
        new StatusCache(
            id -> {
              int n = reads.incrementAndGet();
              if (n == 2) {
                inRefresh.countDown();
                await(release); // the store is slow to answer this one
              }
              return "v" + n;
            },
            now::get);
    assertThat(cache.get("OP")).isEqualTo("v1");
    now.addAndGet(StatusCache.TTL_NANOS);
    CompletableFuture<String> refresher = CompletableFuture.supplyAsync(() -> cache.get("OP"));
    await(inRefresh);
    // The refresh is under way and blocked: this reader is answered at once, from the last one.
    assertThat(cache.get("OP")).isEqualTo("v1");
    assertThat(reads).hasValue(2);
    release.countDown();
    assertThat(refresher.get(30, TimeUnit.SECONDS)).isEqualTo("v2");
    assertThat(cache.get("OP")).isEqualTo("v2");
  }

  private static void await(CountDownLatch l) {
    try {
      if (!l.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("gave up waiting");
      }
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }
}
