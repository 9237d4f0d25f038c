package io.aurum.core.integrity;

/**
 * How urgent a {@link Finding} is: CRITICAL (data is wrong or tampered with: act now), HIGH (data
 * is missing or unusable), MEDIUM (incomplete or stuck work), LOW (worth a look, may be real).
 */
public enum Severity {
  CRITICAL,
  HIGH,
  MEDIUM,
  LOW
}
