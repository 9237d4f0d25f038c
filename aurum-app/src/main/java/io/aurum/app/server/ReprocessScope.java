package io.aurum.app.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.aurum.core.error.AurumException;
import io.aurum.core.usecase.ReprocessRequest;
import io.aurum.core.usecase.ReprocessRequest.Scope;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/** A reprocess request's scope from its JSON body: {@code type} and that type's fields. */
final class ReprocessScope {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private ReprocessScope() {}

  static Scope of(JsonNode body) {
    String type = Fields.text(body, "type");
    if (type == null) {
      throw new AurumException.BadInput(
          "a reprocess needs type: time_window, time_range, datasets, failed_records or incremental");
    }
    return switch (type) {
      case "time_window" ->
          new Scope.TimeWindow(optionalDate(body, "date"), Fields.text(body, "hours"));
      case "time_range" -> new Scope.TimeRange(time(body, "start_time"), time(body, "end_time"));
      case "datasets" -> new Scope.Datasets(optionalDate(body, "date"));
      case "failed_records" -> new Scope.FailedRecords(null, failures(body));
      case "incremental" ->
          new Scope.Incremental(
              optionalDate(body, "base_date"), Fields.text(body, "incremental_field"));
      default ->
          throw new AurumException.BadInput(
              "unknown reprocess type '"
                  + type
                  + "': use time_window, time_range, datasets, failed_records or incremental");
    };
  }

  private static java.time.LocalDate optionalDate(JsonNode body, String field) {
    return body.hasNonNull(field) ? BackfillRoutes.date(body, field) : null;
  }

  private static LocalDateTime time(JsonNode body, String field) {
    String v = Fields.text(body, field);
    if (v == null) {
      return null;
    }
    try {
      return LocalDateTime.parse(v.trim(), TIME);
    } catch (DateTimeParseException e) {
      throw new AurumException.BadInput(
          field + " '" + v + "' is not a time: use YYYY-MM-DD HH:MM:SS");
    }
  }

  /** The failure log's entries, as objects with source, dataset, partition and window. */
  private static List<ReprocessRequest.Failed> failures(JsonNode body) {
    List<ReprocessRequest.Failed> out = new ArrayList<>();
    JsonNode list = body.get("failures");
    if (list != null && list.isArray()) {
      for (JsonNode f : list) {
        out.add(
            new ReprocessRequest.Failed(
                Fields.text(f, "source"),
                Fields.text(f, "dataset"),
                Fields.text(f, "partition"),
                Fields.text(f, "window")));
      }
    }
    return out;
  }
}
