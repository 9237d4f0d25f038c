package io.aurum.app.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code aurum} in a child JVM with a 256 MB heap ({@code -Xmx256m} through {@code
 * JAVA_TOOL_OPTIONS}), optionally logging its collections, and the peak heap its GC log shows.
 */
public final class CappedHeap {
  private CappedHeap() {}

  /**
   * Starts {@code args} in a child JVM at -Xmx256m with {@code env} (which it changes), writing a
   * GC log to {@code gcLog} (null: none).
   */
  public static AurumProcess start(Path dir, Map<String, String> env, Path gcLog, String... args) {
    env.put("JAVA_TOOL_OPTIONS", "-Xmx256m" + (gcLog == null ? "" : " -Xlog:gc:file=" + gcLog));
    return AurumProcess.start(dir, env, args);
  }

  /** The largest heap in use before a collection ({@code 120M->30M(256M)}) in a GC log file. */
  public static long peakHeap(Path gcLog) throws IOException {
    return peakHeap(Files.readString(gcLog));
  }

  /** The largest heap in use before a collection ({@code 120M->30M(256M)}) in a GC log. */
  public static long peakHeap(String log) {
    Matcher m = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)").matcher(log);
    long peak = 0;
    while (m.find()) {
      peak = Math.max(peak, Long.parseLong(m.group(1)));
    }
    assertThat(peak).as("a GC log with collections").isPositive();
    return peak << 20;
  }
}
