package io.aurum.connectors.iso.nyiso;

import io.aurum.connectors.ConnectorSettings;
import io.aurum.connectors.RowCap;
import io.aurum.connectors.Upstream;
import io.aurum.connectors.http.UpstreamHttp;
import io.aurum.core.error.UpstreamException;
import io.aurum.core.model.Dataset;
import io.aurum.core.model.Observation;
import io.aurum.core.port.FetchContext;
import java.net.URI;
import java.time.LocalDate;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/** Chooses and reads a month's ZIP archive or a day's daily CSV, falling back on a 404. */
final class NyisoFileReader {
  private final ConnectorSettings settings;
  private final UpstreamHttp http;

  NyisoFileReader(ConnectorSettings settings, UpstreamHttp http) {
    this.settings = settings;
    this.http = http;
  }

  /**
   * Reads the days [a, b] of one month from its archive, streaming member by member; false when the
   * archive is not published (404).
   */
  boolean readMonth(
      Dataset d,
      LocalDate a,
      LocalDate b,
      NyisoCsvParser parser,
      RowCap cap,
      Consumer<Observation> sink,
      FetchContext context) {
    String name = d.upstream("name");
    Set<String> members = new LinkedHashSet<>();
    for (LocalDate day = a; !day.isAfter(b); day = day.plusDays(1)) {
      members.add(NyisoUrls.DAY.format(day) + name + ".csv");
    }
    return getIfPresent(
        NyisoUrls.monthUri(settings.baseUrl(Upstream.NYISO), d.upstream("dir"), name, a),
        "application/zip",
        context,
        (body, url) ->
            NyisoArchive.parseMembers(
                body, members, parser, cap.counting(sink, url), url, maxMember()));
  }

  /**
   * Reads one day's CSV; when it is missing, from the month's archive if {@code orArchive}; when
   * that is missing too, the day is not published: permanent.
   */
  void readDay(
      Dataset d,
      LocalDate day,
      boolean orArchive,
      NyisoCsvParser parser,
      RowCap cap,
      Consumer<Observation> sink,
      FetchContext context) {
    String base = settings.baseUrl(Upstream.NYISO);
    String dir = d.upstream("dir");
    String name = d.upstream("name");
    URI csv = NyisoUrls.fileUri(base, dir, name, day);
    if (getIfPresent(
        csv, "text/csv", context, (body, url) -> parser.parse(body, cap.counting(sink, url)))) {
      return;
    }
    // Older days may only be archived in the month's ZIP of daily CSVs.
    URI zip = NyisoUrls.monthUri(base, dir, name, day);
    Set<String> member = Set.of(NyisoUrls.DAY.format(day) + name + ".csv");
    if (orArchive
        && getIfPresent(
            zip,
            "application/zip",
            context,
            (body, url) ->
                NyisoArchive.parseMembers(
                    body, member, parser, cap.counting(sink, url), url, maxMember()))) {
      return;
    }
    throw UpstreamException.permanent(
        "NYISO has no file for "
            + day
            + (orArchive
                ? " (HTTP 404 for the daily CSV and the monthly ZIP) [" + zip + "]"
                : " (HTTP 404 for the daily CSV) [" + csv + "]"),
        404);
  }

  /** GETs a file into {@code reader}; false when it is not there (404). */
  private boolean getIfPresent(
      URI uri, String accept, FetchContext context, UpstreamHttp.BodyReader<?> reader) {
    boolean[] missing = {false};
    try {
      http.get(
          Upstream.NYISO,
          uri,
          Map.of("Accept", accept),
          context,
          reader,
          (status, body, retryAfter, url) -> {
            if (status == 404) {
              missing[0] = true;
              return UpstreamException.permanent("NYISO file not found [" + url + "]", 404);
            }
            return null;
          });
      return true;
    } catch (UpstreamException e) {
      if (missing[0]) {
        return false;
      }
      throw e;
    }
  }

  private long maxMember() {
    return settings.limits(Upstream.NYISO).maxMemberBytes();
  }
}
