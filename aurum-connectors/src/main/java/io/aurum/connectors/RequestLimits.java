package io.aurum.connectors;

import java.time.Duration;

/**
 * The connector catalogue of upstream limits: the largest request each API documents, in one place.
 * Every connector sizes its queries (and its {@link io.aurum.core.fetch.RequestShape}) from these,
 * so a fetch window never asks for more than the API serves. The table, each limit with its source
 * in brackets, is in {@code docs/sources.md} ("Request limits"); "References" there gives each.
 *
 * <p>NYISO MIS documents no size limit: its unit is a file, one request each. A finished month is
 * one request for the month's archive {@code {YYYYMM01}{name}_csv.zip}, whose members are the daily
 * CSVs; a day of the current month is one request for its daily CSV ([gridstatus-nyiso]).. See
 * {@link io.aurum.connectors.iso.nyiso.NyisoClient}.
 */
public final class RequestLimits {
  private RequestLimits() {}

  /**
   * FRED {@code series/observations}: {@code limit} is 1..100,000 (also the default); beyond it,
   * {@code offset} pages. One series per request. [glama-fred]
   */
  public static final int FRED_MAX_LIMIT = 100_000;

  /**
   * EIA v2: {@code length} is at most 5,000 rows in JSON (changelog v2.0.3); a larger result comes
   * back cut at 5,000 with the {@code warnings} entry "incomplete return" and the full {@code
   * total}; {@code offset} pages. [eia-doc]
   */
  public static final int EIA_MAX_LENGTH = 5_000;

  /** BLS v2 with a registration key: at most 50 series per query. [bls-faq] */
  public static final int BLS_MAX_SERIES = 50;

  /**
   * BLS v2 with a registration key: at most 20 years per query; more is not an error, the later
   * years are dropped with "Year range has been reduced…". [bls-faq]
   */
  public static final int BLS_MAX_YEARS = 20;

  /** BLS without a registration key: at most 25 series per query. [bls-faq] */
  public static final int BLS_KEYLESS_MAX_SERIES = 25;

  /** BLS without a registration key: at most 10 years per query. [bls-faq] */
  public static final int BLS_KEYLESS_MAX_YEARS = 10;

  /**
   * NOAA CDO v2 {@code data}: {@code limit} at most 1,000, 1-based {@code offset} pages.
   * [cdo-start]
   */
  public static final int NOAA_MAX_LIMIT = 1_000;

  /**
   * NOAA CDO v2: daily data is limited to a one-year range per query ({@code enddate} before the
   * anniversary of {@code startdate}). [cdo-start]
   */
  public static final int NOAA_MAX_YEARS = 1;

  /**
   * CAISO OASIS: at most 31 days per query, error 1004 "Data can be requested for period of 31 days
   * only" (inside a 200 ZIP). Measured as elapsed time, so a 31-day window over the fall-back day
   * (745 hours) is too long. [oasis-errors]
   */
  public static final int CAISO_MAX_DAYS = 31;

  /** {@link #CAISO_MAX_DAYS} as elapsed time: 744 hours from start to end. */
  public static final Duration CAISO_MAX_SPAN = Duration.ofDays(CAISO_MAX_DAYS);

  /** CAISO OASIS: at most 10 nodes per query (error 1017). [oasis-errors] */
  public static final int CAISO_MAX_NODES = 10;

  /**
   * PJM Data Miner 2: {@code rowCount} at most 50,000 ("PJM api keys have 50k row limit"), {@code
   * startRow} pages by {@code links[rel=next]}. [gridstatus-293]
   */
  public static final int PJM_MAX_ROW_COUNT = 50_000;
}
