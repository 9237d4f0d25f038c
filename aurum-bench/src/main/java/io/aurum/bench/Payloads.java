package io.aurum.bench;

import io.aurum.core.model.Dataset;
import io.aurum.core.model.Frequency;
import io.aurum.core.model.SourceId;
import io.aurum.sandbox.Revisions;
import io.aurum.sandbox.SandboxRequest;
import io.aurum.sandbox.SourceEmulator;
import io.aurum.sandbox.cpi.BlsEmulator;
import io.aurum.sandbox.eia.EiaEmulator;
import io.aurum.sandbox.fred.FredEmulator;
import io.aurum.sandbox.iso.CaisoEmulator;
import io.aurum.sandbox.iso.NyisoEmulator;
import io.aurum.sandbox.iso.PjmEmulator;
import io.aurum.sandbox.noaa.NoaaEmulator;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Realistic upstream payloads for the parsing benchmarks, produced by the sandbox's emulators (the
 * same bytes a connector reads from the sandbox): one full page or file per format.
 */
public final class Payloads {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2025-06-01T00:00:00Z"), ZoneOffset.UTC);
  static final Revisions NONE = new Revisions();
  static final ZoneId NY = ZoneId.of("America/New_York");

  private Payloads() {}

  static byte[] get(SourceEmulator e, String path, String query, Map<String, String> headers) {
    SandboxRequest r =
        new SandboxRequest("GET", path, SandboxRequest.parseQuery(query), headers, new byte[0]);
    return e.handle(r).body();
  }

  public static byte[] eia() {
    return get(
        new EiaEmulator(NONE, Set.of(), CLOCK),
        "/v2/electricity/rto/region-data/data/",
        "api_key=k&frequency=hourly&data[0]=value&start=2024-01-01T00&end=2024-03-01T00"
            + "&sort[0][column]=period&sort[0][direction]=asc&offset=0&length=5000",
        Map.of());
  }

  public static byte[] fred() {
    return get(
        new FredEmulator(NONE, Set.of(), CLOCK),
        "/fred/series/observations",
        "series_id=DFF&api_key=k&file_type=json&observation_start=2000-01-01&observation_end=2024-12-31",
        Map.of());
  }

  public static byte[] bls() {
    String body =
        "{\"seriesid\":[\"CUUR0000SA0\",\"CUSR0000SA0\",\"CUUR0000SA0L1E\",\"CUUR0000SAF1\"],"
            + "\"startyear\":\"2005\",\"endyear\":\"2024\",\"registrationkey\":\"k\"}";
    SandboxRequest r =
        new SandboxRequest(
            "POST",
            "/publicAPI/v2/timeseries/data/",
            Map.of(),
            Map.of(),
            body.getBytes(StandardCharsets.UTF_8));
    return new BlsEmulator(NONE, Set.of(), CLOCK).handle(r).body();
  }

  public static byte[] noaa() {
    return get(
        new NoaaEmulator(NONE, Set.of(), CLOCK),
        "/cdo-web/api/v2/data",
        "datasetid=GHCND&startdate=2024-01-01&enddate=2024-12-31&units=metric&limit=1000&offset=1",
        Map.of("token", "t"));
  }

  public static byte[] nyiso() {
    return get(
        new NyisoEmulator(NONE, CLOCK),
        "/public/csv/damlbmp/20240612damlbmp_zone.csv",
        "",
        Map.of());
  }

  public static byte[] caiso() {
    return get(
        new CaisoEmulator(NONE, CLOCK),
        "/oasisapi/SingleZip",
        "resultformat=6&queryname=PRC_LMP&version=12&market_run_id=DAM"
            + "&startdatetime=20240101T08:00-0000&enddatetime=20240201T08:00-0000"
            + "&node=TH_NP15_GEN-APND,TH_SP15_GEN-APND,TH_ZP26_GEN-APND,DLAP_PGAE-APND,DLAP_SCE-APND",
        Map.of());
  }

  public static byte[] pjm() {
    return get(
        new PjmEmulator(NONE, Set.of(), CLOCK),
        "/api/v1/rt_hrl_lmps",
        "rowCount=50000&startRow=1&datetime_beginning_ept=01/01/2024%2000:00to01/31/2024%2023:59",
        Map.of("Ocp-Apim-Subscription-Key", "k"));
  }

  static Dataset eiaDemand() {
    return new Dataset(
        SourceId.EIA,
        "ELEC.DEMAND",
        Frequency.HOURLY,
        NY,
        "v2.0",
        List.of("PJM-D"),
        "MWh",
        0,
        1e9,
        Map.of(
            "route",
            "electricity/rto/region-data",
            "facet",
            "respondent",
            "type_facet",
            "type",
            "data",
            "value"));
  }

  /** Every payload by format name, for the size table of docs/benchmarks-log.md, section 7. */
  public static Map<String, byte[]> all() {
    Map<String, byte[]> m = new LinkedHashMap<>();
    m.put("eia", eia());
    m.put("fred", fred());
    m.put("bls", bls());
    m.put("noaa", noaa());
    m.put("nyiso", nyiso());
    m.put("caiso", caiso());
    m.put("pjm", pjm());
    return m;
  }
}
