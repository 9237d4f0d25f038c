package io.aurum.core.model;

import java.util.List;

/**
 * The parameters of an operation beyond its range and tuning, one record per kind: a {@link
 * BackfillParams}, {@link ReplayParams}, {@link ReprocessParams}, {@link RollbackParams}, or {@link
 * BasicParams} (ingestion, recovery, and specs that carry only what every kind has). Every kind has
 * the quota key its requests are counted under and its {@link Quality} settings. Stored as
 * versioned JSON with the spec; specs stored before the parameters were typed (a string map named
 * {@code extra}) are read through {@link LegacyExtra}.
 */
public sealed interface OperationParams
    permits BackfillParams, ReplayParams, ReprocessParams, RollbackParams, BasicParams {

  /** The quota lane requests are counted under (derived from the source's credentials), or null. */
  String quotaKey();

  Quality quality();

  OperationParams withQuotaKey(String quotaKey);

  OperationParams withQuality(Quality quality);

  /** The scripts and algorithm the transform chain runs: none but for a replay or reprocess. */
  default Transforms transforms() {
    return Transforms.NONE;
  }

  /** The estimate made at creation (a backfill's), or null. */
  default Estimate estimate() {
    return null;
  }

  /**
   * The publish gate's settings: a quality profile by name (null: the type's default), a threshold
   * overriding the profile's (null: none), and the checks the profile is restricted to (empty:
   * every check of the profile), by their CLI names.
   */
  record Quality(String profile, Double threshold, List<String> checks) {
    public static final Quality NONE = new Quality(null, null, List.of());

    public Quality {
      checks = checks == null ? List.of() : List.copyOf(checks);
    }

    public Quality withProfile(String p) {
      return new Quality(p, threshold, checks);
    }

    public Quality withThreshold(Double t) {
      return new Quality(profile, t, checks);
    }
  }

  /**
   * The figures a report compares with what happened, as estimated at creation. Each may be null
   * (an old spec whose stored figure did not parse).
   */
  record Estimate(
      Long apiCalls,
      Long records,
      Long bytes,
      Double durationSeconds,
      Integer partitions,
      String bound,
      Double cost) {}

  /**
   * What runs between fetch and the quality gate: a schema migration (a file's text) with the
   * schema version it leads to, a custom transform (a file's text, or a plugin's name), a
   * validation script (a file's text, or a plugin's name), and a versioned algorithm with its
   * parameters. Null: not used.
   */
  record Transforms(
      String schemaVersion,
      String migration,
      String customTransform,
      String customPlugin,
      String validation,
      String validationPlugin,
      String algorithm,
      String algorithmParams) {
    public static final Transforms NONE =
        new Transforms(null, null, null, null, null, null, null, null);

    public Transforms withSchemaVersion(String v) {
      return new Transforms(
          v,
          migration,
          customTransform,
          customPlugin,
          validation,
          validationPlugin,
          algorithm,
          algorithmParams);
    }

    public Transforms withMigration(String text) {
      return new Transforms(
          schemaVersion,
          text,
          customTransform,
          customPlugin,
          validation,
          validationPlugin,
          algorithm,
          algorithmParams);
    }

    public Transforms withCustomTransform(String text) {
      return new Transforms(
          schemaVersion,
          migration,
          text,
          customPlugin,
          validation,
          validationPlugin,
          algorithm,
          algorithmParams);
    }

    public Transforms withCustomPlugin(String name) {
      return new Transforms(
          schemaVersion,
          migration,
          customTransform,
          name,
          validation,
          validationPlugin,
          algorithm,
          algorithmParams);
    }

    public Transforms withValidation(String text) {
      return new Transforms(
          schemaVersion,
          migration,
          customTransform,
          customPlugin,
          text,
          validationPlugin,
          algorithm,
          algorithmParams);
    }

    public Transforms withValidationPlugin(String name) {
      return new Transforms(
          schemaVersion,
          migration,
          customTransform,
          customPlugin,
          validation,
          name,
          algorithm,
          algorithmParams);
    }

    public Transforms withAlgorithm(String name, String params) {
      return new Transforms(
          schemaVersion,
          migration,
          customTransform,
          customPlugin,
          validation,
          validationPlugin,
          name,
          params);
    }
  }
}
