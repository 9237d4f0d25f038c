package io.aurum.connectors;

/**
 * An upstream API a connector talks to, with its real base URL and the environment variables that
 * override the base URL ({@code AURUM_<NAME>_BASE_URL}) and carry its credential (null when the API
 * needs none). ISO markets are separate upstreams of the {@code iso} source.
 */
public enum Upstream {
  EIA("https://api.eia.gov", "EIA_API_KEY"),
  FRED("https://api.stlouisfed.org", "FRED_API_KEY"),
  CPI("https://api.bls.gov", "BLS_API_KEY"),
  NOAA("https://www.ncei.noaa.gov", "NOAA_TOKEN"),
  NYISO("http://mis.nyiso.com", null),
  CAISO("https://oasis.caiso.com", null),
  PJM("https://api.pjm.com", "PJM_API_KEY");

  private final String defaultBaseUrl;
  private final String keyVariable;

  Upstream(String defaultBaseUrl, String keyVariable) {
    this.defaultBaseUrl = defaultBaseUrl;
    this.keyVariable = keyVariable;
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
