package io.aurum.app.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aurum.core.error.AurumException;
import io.aurum.core.usecase.ReprocessRequest;
import io.aurum.core.usecase.ReprocessRequest.Scope;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** What a reprocess covers: its --type and the flags of each, and the datasets. */
@Command
final class ReprocessScopeOptions {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  @Option(
      names = "--type",
      paramLabel = "time_window|time_range|datasets|failed_records|incremental")
  String type;

  @Option(names = "--date", converter = Converters.Date.class)
  LocalDate date;

  @Option(names = "--hours", paramLabel = "14,15,16|10-16")
  String hours;

  @Option(names = "--start-time", paramLabel = "\"YYYY-MM-DD HH:MM:SS\"")
  String startTime;

  @Option(names = "--end-time")
  String endTime;

  @Option(names = "--datasets", split = ",")
  List<String> datasets = List.of();

  @Option(names = "--failure-log")
  Path failureLog;

  @Option(names = "--base-date", converter = Converters.Date.class)
  LocalDate baseDate;

  @Option(names = "--incremental-field")
  String incrementalField = "last_updated";

  /** The scope these flags name: --type, or time_window with --hours, datasets with --date. */
  Scope scope() {
    String kind =
        type != null ? type : hours != null ? "time_window" : date != null ? "datasets" : null;
    if (kind == null) {
      throw new AurumException.BadInput(
          "reprocess needs --type (time_window, time_range, datasets, failed_records, incremental) or --date with --hours");
    }
    return switch (kind) {
      case "time_window" -> new Scope.TimeWindow(date, hours);
      case "time_range" ->
          new Scope.TimeRange(time(startTime, "--start-time"), time(endTime, "--end-time"));
      case "datasets" -> new Scope.Datasets(date);
      case "failed_records" ->
          new Scope.FailedRecords(
              failureLog == null ? null : failureLog.toString(), failureLog(failureLog));
      case "incremental" -> new Scope.Incremental(baseDate, incrementalField);
      default ->
          throw new AurumException.BadInput(
              "unknown reprocess --type '"
                  + kind
                  + "': use time_window, time_range, datasets, failed_records or incremental");
    };
  }

  /** A missing time is the core's to refuse; one not in the format is refused here. */
  private static LocalDateTime time(String text, String flag) {
    if (text == null) {
      return null;
    }
    try {
      return LocalDateTime.parse(text.trim(), TIME);
    } catch (DateTimeParseException e) {
      throw new AurumException.BadInput(flag + " '" + text + "' is not \"YYYY-MM-DD HH:MM:SS\"");
    }
  }

  /** The entries of a failure log (a JSON array of failed partitions), as written. */
  private static List<ReprocessRequest.Failed> failureLog(Path file) {
    if (file == null) {
      return List.of();
    }
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(file.toFile());
    } catch (JsonProcessingException e) {
      var l = e.getLocation();
      throw new AurumException.BadInput(
          file
              + ":"
              + (l == null ? 0 : l.getLineNr())
              + ":"
              + (l == null ? 0 : l.getColumnNr())
              + ": "
              + e.getOriginalMessage());
    } catch (IOException e) {
      throw new AurumException.NotFound(
          "cannot read the failure log " + file + ": " + e.getMessage());
    }
    if (root == null || !root.isArray()) {
      throw new AurumException.BadInput(file + ": expected a JSON array of failed partitions");
    }
    List<ReprocessRequest.Failed> out = new ArrayList<>();
    for (JsonNode n : root) {
      out.add(
          new ReprocessRequest.Failed(
              n.path("source").asText(),
              n.path("dataset").asText(),
              n.path("partition").asText(),
              n.hasNonNull("window") ? n.get("window").asText() : null));
    }
    return out;
  }
}
