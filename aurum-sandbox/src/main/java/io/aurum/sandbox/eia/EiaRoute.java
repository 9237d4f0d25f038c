package io.aurum.sandbox.eia;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One emulated EIA v2 data route: its frequency, its two facets (with the values the sandbox knows
 * and their descriptions), its value column and the plausible range of its values.
 */
record EiaRoute(
    String id,
    String frequency,
    String description,
    Facet first,
    Facet second,
    String dataColumn,
    String units,
    double min,
    double max,
    int decimals) {

  /** A facet: its id, the name of its description column, and value → description. */
  record Facet(String id, String nameColumn, Map<String, String> values) {}

  boolean hourly() {
    return "hourly".equals(frequency);
  }

  static final Map<String, String> RESPONDENTS =
      ordered(
          "BPAT", "Bonneville Power Administration",
          "CISO", "California Independent System Operator",
          "DUK", "Duke Energy Carolinas",
          "ERCO", "Electric Reliability Council of Texas, Inc.",
          "FPL", "Florida Power & Light Co.",
          "ISNE", "ISO New England",
          "MISO", "Midcontinent Independent System Operator, Inc.",
          "NYIS", "New York Independent System Operator",
          "PJM", "PJM Interconnection, LLC",
          "SOCO", "Southern Company Services, Inc. - Trans",
          "SWPP", "Southwest Power Pool",
          "TVA", "Tennessee Valley Authority");

  static final List<EiaRoute> ALL =
      List.of(
          new EiaRoute(
              "electricity/rto/region-data",
              "hourly",
              "Hourly demand, day-ahead demand forecast, net generation, and interchange by"
                  + " balancing authority.",
              new Facet("respondent", "respondent-name", RESPONDENTS),
              new Facet(
                  "type",
                  "type-name",
                  ordered(
                      "D", "Demand",
                      "DF", "Day-ahead demand forecast",
                      "NG", "Net generation",
                      "TI", "Total interchange")),
              "value",
              "megawatthours",
              10_000,
              150_000,
              0),
          new EiaRoute(
              "electricity/rto/fuel-type-data",
              "hourly",
              "Hourly net generation by balancing authority and energy source.",
              new Facet("respondent", "respondent-name", RESPONDENTS),
              new Facet(
                  "fueltype",
                  "type-name",
                  ordered(
                      "COL", "Coal",
                      "NG", "Natural Gas",
                      "NUC", "Nuclear",
                      "OIL", "Petroleum",
                      "OTH", "Other",
                      "SUN", "Solar",
                      "WAT", "Hydro",
                      "WND", "Wind")),
              "value",
              "megawatthours",
              0,
              60_000,
              0),
          new EiaRoute(
              "electricity/retail-sales",
              "monthly",
              "Electricity sales to ultimate customers by state and sector (number of customers,"
                  + " average price, revenue, and megawatthours of sales).",
              new Facet(
                  "stateid",
                  "stateDescription",
                  ordered(
                      "CA", "California",
                      "FL", "Florida",
                      "GA", "Georgia",
                      "IL", "Illinois",
                      "MA", "Massachusetts",
                      "NY", "New York",
                      "OH", "Ohio",
                      "PA", "Pennsylvania",
                      "TX", "Texas",
                      "US", "U.S. Total",
                      "WA", "Washington")),
              new Facet(
                  "sectorid",
                  "sectorName",
                  ordered(
                      "ALL", "all sectors",
                      "COM", "commercial",
                      "IND", "industrial",
                      "OTH", "other",
                      "RES", "residential",
                      "TRA", "transportation")),
              "price",
              "cents per kilowatt-hour",
              5,
              40,
              2));

  static EiaRoute find(String id) {
    for (EiaRoute r : ALL) {
      if (r.id.equals(id)) {
        return r;
      }
    }
    return null;
  }

  private static Map<String, String> ordered(String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return java.util.Collections.unmodifiableMap(m);
  }
}
