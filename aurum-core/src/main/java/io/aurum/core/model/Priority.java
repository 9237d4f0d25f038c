package io.aurum.core.model;

import io.aurum.core.error.AurumException;
import java.util.Locale;

/** Claim priority: high before normal before low, then by age. Stored as its rank. */
public enum Priority {
  HIGH(0),
  NORMAL(1),
  LOW(2);

  private final int rank;

  Priority(int rank) {
    this.rank = rank;
  }

  public int rank() {
    return rank;
  }

  public static Priority ofRank(int rank) {
    for (Priority p : values()) {
      if (p.rank == rank) {
        return p;
      }
    }
    throw new IllegalArgumentException("no priority of rank " + rank);
  }

  public static Priority parse(String text) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (RuntimeException e) {
      throw new AurumException.BadInput("unknown priority '" + text + "': use low, normal or high");
    }
  }
}
