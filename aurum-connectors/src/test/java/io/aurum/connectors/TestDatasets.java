package io.aurum.connectors;

import io.aurum.core.model.Dataset;
import io.aurum.core.model.Frequency;
import io.aurum.core.model.Observation;
import io.aurum.core.model.PartitionKey;
import io.aurum.core.model.SourceId;
import io.aurum.core.port.Connector;
import io.aurum.core.port.FetchContext;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The catalog's datasets of the non-EIA sources, as connector tests need them. */
public final class TestDatasets {
  public static final ZoneId NY = ZoneId.of("America/New_York");
  public static final ZoneId LA = ZoneId.of("America/Los_Angeles");

  private TestDatasets() {}

  public static Dataset fredDaily() {
    return new Dataset(
        SourceId.FRED,
        "FRED.RATES_DAILY",
        Frequency.DAILY,
        NY,
        "v1.0",
        List.of("DGS10", "DGS2", "DFF"),
        "percent",
        -5,
        25,
        Map.of());
  }

  public static Dataset fredMonthly() {
    return new Dataset(
        SourceId.FRED,
        "FRED.MACRO_MONTHLY",
        Frequency.MONTHLY,
        NY,
        "v1.0",
        List.of("UNRATE", "FEDFUNDS"),
        "percent",
        0,
        40,
        Map.of());
  }

  public static Dataset cpi() {
    return new Dataset(
        SourceId.CPI,
        "CPI.CPI_U",
        Frequency.MONTHLY,
        NY,
        "v1.0",
        List.of("CUUR0000SA0", "CUSR0000SA0"),
        "index",
        0,
        1000,
        Map.of());
  }

  public static Dataset noaaTemp() {
    return new Dataset(
        SourceId.NOAA,
        "NOAA.GHCND_TEMP",
        Frequency.DAILY,
        NY,
        "v1.0",
        List.of(
            "USW00094728-TMAX",
            "USW00094728-TMIN",
            "USW00014732-TMAX",
            "USW00014732-TMIN",
            "USW00094789-TMAX",
            "USW00094789-TMIN"),
        "degC",
        -60,
        60,
        Map.of("datasetid", "GHCND"));
  }

  public static final List<String> NYISO_ZONES =
      List.of(
          "CAPITL", "CENTRL", "DUNWOD", "GENESE", "HUD VL", "LONGIL", "MHK VL", "MILLWD", "N.Y.C.",
          "NORTH", "WEST");

  public static Dataset nyiso(boolean dam) {
    return new Dataset(
        SourceId.ISO,
        dam ? "NYISO.DA_LBMP" : "NYISO.RT_LBMP",
        Frequency.HOURLY,
        NY,
        "v1.0",
        NYISO_ZONES,
        "$/MWh",
        -1000,
        5000,
        Map.of(
            "market",
            "nyiso",
            "dir",
            dam ? "damlbmp" : "rtlbmp",
            "name",
            dam ? "damlbmp_zone" : "rtlbmp_zone"));
  }

  /** {@code NYISO.RT_LBMP_5MIN} as in the catalog: interval-ending stamps, RTC-tailed today. */
  public static Dataset nyisoFiveMinute() {
    return new Dataset(
        SourceId.ISO,
        "NYISO.RT_LBMP_5MIN",
        Frequency.FIVE_MINUTE,
        NY,
        "v1.0",
        NYISO_ZONES,
        "$/MWh",
        -1000,
        5000,
        Map.of(
            "market",
            "nyiso",
            "dir",
            "realtime",
            "name",
            "realtime_zone",
            "stamp",
            "interval_end",
            "latest",
            "realtime_zone_lbmp"));
  }

  public static Dataset caiso() {
    return new Dataset(
        SourceId.ISO,
        "CAISO.DA_LMP",
        Frequency.HOURLY,
        LA,
        "v1.0",
        List.of(
            "TH_NP15_GEN-APND",
            "TH_SP15_GEN-APND",
            "TH_ZP26_GEN-APND",
            "DLAP_PGAE-APND",
            "DLAP_SCE-APND"),
        "$/MWh",
        -1000,
        5000,
        Map.of("market", "caiso", "queryname", "PRC_LMP", "market_run_id", "DAM", "version", "12"));
  }

  public static Dataset pjm() {
    return new Dataset(
        SourceId.ISO,
        "PJM.RT_LMP",
        Frequency.HOURLY,
        NY,
        "v1.0",
        List.of("51288", "51217", "51300", "51291"),
        "$/MWh",
        -1000,
        5000,
        Map.of("market", "pjm", "feed", "rt_hrl_lmps", "value", "total_lmp_rt"));
  }

  /** Fetches one partition (a day, or the month starting on {@code day}). */
  public static List<Observation> fetch(Connector c, Dataset d, LocalDate day) {
    return fetch(c, d, day, Map.of());
  }

  public static List<Observation> fetch(
      Connector c, Dataset d, LocalDate day, Map<String, String> options) {
    PartitionKey k = new PartitionKey(d.source(), d.name(), day);
    return fetch(c, d, k.start(d), k.end(d), options);
  }

  public static List<Observation> fetch(
      Connector c, Dataset d, Instant from, Instant to, Map<String, String> options) {
    PartitionKey k = new PartitionKey(d.source(), d.name(), from.atZone(d.zone()).toLocalDate());
    List<Observation> out = new ArrayList<>();
    c.fetch(new Connector.FetchRequest(d, k, from, to, options), FetchContext.UNLIMITED, out::add);
    return out;
  }

  public static Instant day(String date, ZoneId zone) {
    return LocalDate.parse(date).atStartOfDay(zone).toInstant();
  }
}
