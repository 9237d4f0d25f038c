package io.aurum.core.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The failure log: {@code logs/failed_records_YYYYMMDD.json} under the data directory, a JSON array
 * of the partitions that failed permanently, with the reason, and of the records rejected as never
 * data (with their series, period start and value). {@code reprocess --type failed_records} reads
 * it back. Rewritten atomically on each entry. Thread-safe.
 */
public final class FailureLog {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);

  /**
   * One failed partition (or window), or one failed record of a partition ({@code series}, {@code
   * periodStart} and the {@code value} as text: a value that is never data).
   */
  public record Entry(
      String operationId,
      String source,
      String dataset,
      String partition,
      String window,
      String reason,
      Integer httpStatus,
      int attempts,
      String series,
      String periodStart,
      String value) {
    public Entry(
        String operationId,
        String source,
        String dataset,
        String partition,
        String window,
        String reason,
        Integer httpStatus,
        int attempts) {
      this(
          operationId,
          source,
          dataset,
          partition,
          window,
          reason,
          httpStatus,
          attempts,
          null,
          null,
          null);
    }

    /** This entry about one record of the partition. */
    public Entry withRecord(String series, String periodStart, String value) {
      return new Entry(
          operationId,
          source,
          dataset,
          partition,
          window,
          reason,
          httpStatus,
          attempts,
          series,
          periodStart,
          value);
    }
  }

  private final Path directory;
  private final Clock clock;

  public FailureLog(Path directory, Clock clock) {
    this.directory = directory;
    this.clock = clock;
  }

  public Path fileForToday() {
    return directory.resolve("failed_records_" + DAY.format(clock.instant()) + ".json");
  }

  public synchronized Path append(Entry e) {
    return appendAll(java.util.List.of(e));
  }

  /** Appends the entries with one rewrite of the file. */
  public synchronized Path appendAll(java.util.List<Entry> entries) {
    Path file = fileForToday();
    try {
      Files.createDirectories(directory);
      ArrayNode all =
          Files.exists(file) ? (ArrayNode) JSON.readTree(file.toFile()) : JSON.createArrayNode();
      for (Entry e : entries) {
        add(all, e);
      }
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      JSON.writeValue(tmp.toFile(), all);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return file;
    } catch (IOException ex) {
      throw new UncheckedIOException("cannot write the failure log " + file, ex);
    }
  }

  private void add(ArrayNode all, Entry e) {
    ObjectNode n = all.addObject();
    n.put("at", clock.instant().toString());
    n.put("operation_id", e.operationId());
    n.put("source", e.source());
    n.put("dataset", e.dataset());
    n.put("partition", e.partition());
    if (e.window() != null) {
      n.put("window", e.window());
    }
    n.put("reason", e.reason());
    if (e.httpStatus() != null) {
      n.put("http_status", e.httpStatus());
    }
    n.put("attempts", e.attempts());
    if (e.series() != null) {
      n.put("series", e.series());
      n.put("period_start", e.periodStart());
      // As text: NaN and Infinity are not JSON numbers.
      n.put("value", e.value());
    }
  }
}
