package io.aurum.connectors;

/**
 * An upstream API a connector talks to, with its real base URL and the environment variables that
 * override the base URL ({@code AURUM_<NAME>_BASE_URL}) and carry its credential (null when the API
 * needs none), and its largest page where it pages by rows ({@link RequestLimits}; 0 where it does
 * not). ISO markets are separate upstreams of the {@code iso} source.
 */
public enum Upstream {
  EIA("https://api.eia.gov", "EIA_API_KEY", RequestLimits.EIA_MAX_LENGTH),
  FRED("https://api.stlouisfed.org", "FRED_API_KEY", RequestLimits.FRED_MAX_LIMIT),
  CPI("https://api.bls.gov", "BLS_API_KEY", 0),
  NOAA("https://www.ncei.noaa.gov", "NOAA_TOKEN", RequestLimits.NOAA_MAX_LIMIT),
  NYISO("http://mis.nyiso.com", null, 0),
  CAISO("https://oasis.caiso.com", null, 0),
  PJM("https://api.pjm.com", "PJM_API_KEY", RequestLimits.PJM_MAX_ROW_COUNT);

  private final String defaultBaseUrl;
  private final String keyVariable;
  private final int maxPageRows;

  Upstream(String defaultBaseUrl, String keyVariable, int maxPageRows) {
    this.defaultBaseUrl = defaultBaseUrl;
    this.keyVariable = keyVariable;
    this.maxPageRows = maxPageRows;
  }

  /**
   * The most rows one page of this API holds (EIA's {@code length}, FRED's and NOAA's {@code
   * limit}, PJM's {@code rowCount}); 0 where requests are not paged by rows (BLS, NYISO, CAISO).
   */
  public int maxPageRows() {
    return maxPageRows;
  }

  public String defaultBaseUrl() {
    return defaultBaseUrl;
  }

  /** e.g. {@code AURUM_EIA_BASE_URL}. */
  public String baseUrlVariable() {
    return "AURUM_" + name() + "_BASE_URL";
  }

  /** e.g. {@code EIA_API_KEY}; null when the API needs no credential. */
  public String keyVariable() {
    return keyVariable;
  }
}
