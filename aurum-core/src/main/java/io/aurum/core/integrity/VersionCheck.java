package io.aurum.core.integrity;

import io.aurum.core.model.AttributeDigest;
import io.aurum.core.model.Dataset;
import io.aurum.core.model.Head;
import io.aurum.core.model.Observation;
import io.aurum.core.model.PartitionVersion;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Whether one stored version of a partition verifies clean on its own, head or not: the checks a
 * scan makes of a head (checksum recomputed from the rows, schema version and units, rows against
 * the recorded count and the calendar, plausibility) and its attributes digest. What a recovery may
 * roll a damaged head back to, and the gate after it. Stateless; thread-safe.
 */
public final class VersionCheck {
  /** Damage of the version itself, which moving the head to another version can repair. */
  public static final Set<Kind> VERSION_DAMAGE =
      EnumSet.of(
          Kind.CHECKSUM_MISMATCH,
          Kind.MALFORMED_CHECKSUM,
          Kind.ROW_COUNT_MISMATCH,
          Kind.SCHEMA_VERSION_MISMATCH,
          Kind.UNIT_MISMATCH,
          Kind.PARTIAL_DAY,
          Kind.NON_FINITE_VALUE,
          Kind.OUT_OF_BOUNDS);

  private VersionCheck() {}

  /**
   * What is wrong with version {@code v} of dataset {@code d} holding {@code rows}: one line per
   * problem (the finding's kind and evidence), empty when it verifies clean. A partial day is a
   * problem: a version is good only if it holds every row the calendar expects. Outliers and spikes
   * are not (they are judged against neighbours, not the version alone).
   */
  public static List<String> problems(Dataset d, PartitionVersion v, List<Observation> rows) {
    Head h = new Head(v.partition(), v.id(), v.operationId(), v.recordCount(), true, Instant.EPOCH);
    List<Finding> found = new ArrayList<>();
    new PartitionChecks(d, EnumSet.of(Category.SCHEMA, Category.COMPLETENESS, Category.ACCURACY))
        .check(h, v, rows, true, null, found);
    List<String> out = new ArrayList<>();
    for (Finding f : found) {
      if (VERSION_DAMAGE.contains(f.kind())) {
        out.add(f.kind().label() + ": " + f.evidence());
      }
    }
    String digest = v.attributesDigest();
    if (digest != null && !digest.equals(AttributeDigest.of(rows))) {
      out.add("attributes digest of version " + v.id() + " does not match its rows");
    }
    return out;
  }
}
