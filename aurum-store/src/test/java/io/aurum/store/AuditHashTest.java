package io.aurum.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Chains already stored must keep verifying: an entry's hash is the SHA-256 of its parts joined
 * with '|' (nulls as "null", or as "" for the operation and the detail), in UTF-8.
 */
class AuditHashTest {
  @Test
  void isTheDigestOfThePartsJoined() throws Exception {
    Random random = new Random(3);
    String[] texts = {
      "", "engine", "version.published", "Zoë ✓", "\uD83D\uDE00", "bad \uDC00", "x".repeat(20_000)
    };
    String prev = JdbcAuditLog.GENESIS;
    for (int i = 0; i < 2_000; i++) {
      String at = "2026-12-03T10:00:0" + (i % 10) + "Z";
      String actor = i % 97 == 0 ? null : texts[random.nextInt(texts.length)];
      String operation = i % 5 == 0 ? null : "BACKFILL_" + i;
      String action = i % 89 == 0 ? null : texts[random.nextInt(texts.length)];
      String detail = i % 7 == 0 ? null : "{\"n\":" + i + "," + texts[random.nextInt(texts.length)];
      String expected =
          reference(
              prev
                  + '|'
                  + at
                  + '|'
                  + actor
                  + '|'
                  + (operation == null ? "" : operation)
                  + '|'
                  + action
                  + '|'
                  + (detail == null ? "" : detail));
      String hash = JdbcAuditLog.hash(prev, at, actor, operation, action, detail);
      assertThat(hash).isEqualTo(expected);
      prev = hash;
    }
  }

  private static String reference(String text) throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    return HexFormat.of().formatHex(sha.digest(text.getBytes(StandardCharsets.UTF_8)));
  }
}
