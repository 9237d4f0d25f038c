package io.aurum.connectors.eia;

import io.aurum.core.model.Dataset;
import io.aurum.core.model.Frequency;
import io.aurum.core.model.SourceId;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/** The EIA datasets of config/datasets.json, as test data. */
public final class EiaFixtures {
  static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

  private EiaFixtures() {}

  public static Dataset demand() {
    return new Dataset(
        SourceId.EIA,
        "ELEC.DEMAND",
        Frequency.HOURLY,
        NEW_YORK,
        "v2.0",
        List.of("PJM-D", "MISO-D", "ERCO-D", "CISO-D", "NYIS-D"),
        "MWh",
        0,
        250_000,
        Map.of(
            "route",
            "electricity/rto/region-data",
            "frequency",
            "hourly",
            "facet",
            "respondent",
            "type_facet",
            "type",
            "type",
            "D",
            "data",
            "value"));
  }

  static Dataset generation() {
    return new Dataset(
        SourceId.EIA,
        "ELEC.GEN",
        Frequency.HOURLY,
        NEW_YORK,
        "v2.0",
        List.of("PJM-NG", "PJM-COL", "PJM-NUC", "PJM-SUN", "PJM-WND"),
        "MWh",
        -5000,
        200_000,
        Map.of(
            "route",
            "electricity/rto/fuel-type-data",
            "frequency",
            "hourly",
            "facet",
            "respondent",
            "type_facet",
            "fueltype",
            "data",
            "value"));
  }

  static Dataset price() {
    return new Dataset(
        SourceId.EIA,
        "ELEC.PRICE",
        Frequency.MONTHLY,
        NEW_YORK,
        "v2.0",
        List.of("US-ALL", "CA-ALL", "TX-ALL", "NY-ALL", "PA-ALL"),
        "cents/kWh",
        0,
        100,
        Map.of(
            "route",
            "electricity/retail-sales",
            "frequency",
            "monthly",
            "facet",
            "stateid",
            "type_facet",
            "sectorid",
            "data",
            "price"));
  }
}
