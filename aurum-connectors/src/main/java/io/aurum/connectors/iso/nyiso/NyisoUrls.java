package io.aurum.connectors.iso.nyiso;

import java.net.URI;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;

/** Builds the URLs of NYISO's files: a day's CSV, a month's ZIP of them, the latest interval. */
final class NyisoUrls {
  static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");

  private NyisoUrls() {}

  /** The URL of the latest-interval snapshot {@code /public/realtime/{name}.csv}. */
  static URI latestUri(String baseUrl, String name) {
    return URI.create(baseUrl.replaceAll("/+$", "") + "/public/realtime/" + name + ".csv");
  }

  /** The URL of one day's file. */
  static URI fileUri(String baseUrl, String dir, String name, LocalDate day) {
    return URI.create(
        baseUrl.replaceAll("/+$", "")
            + "/public/csv/"
            + dir
            + "/"
            + DAY.format(day)
            + name
            + ".csv");
  }

  /** The URL of a month's ZIP of daily CSVs, {@code {YYYYMM01}{name}_csv.zip}. */
  static URI monthUri(String baseUrl, String dir, String name, LocalDate day) {
    return URI.create(
        baseUrl.replaceAll("/+$", "")
            + "/public/csv/"
            + dir
            + "/"
            + DAY.format(day.withDayOfMonth(1))
            + name
            + "_csv.zip");
  }
}
