package io.aurum.app.cli;

import io.aurum.core.error.AurumException;
import java.util.Locale;

/**
 * Reads {@code --max-memory} and checks that this JVM's heap is capped near it; fitting an
 * operation into the budget is core's ({@code MemoryFit}).
 */
final class MemoryBudget {
  private MemoryBudget() {}

  /**
   * The budget in bytes; refused (exit 2) when it is not a size, or when this JVM's heap may grow
   * well past it (it was started without the matching -Xmx, e.g. by {@code java -jar}), since then
   * the budget would cap nothing.
   */
  static long parse(String text) {
    long budget = size(text);
    requireHeapCap(text, budget, Runtime.getRuntime().maxMemory());
    return budget;
  }

  /** The heap may exceed the budget by a little: the JVM reserves some of -Xmx for itself. */
  static void requireHeapCap(String text, long budget, long maxHeap) {
    long margin = Math.max(64L << 20, budget / 10);
    if (maxHeap != Long.MAX_VALUE && maxHeap <= budget + margin) {
      return;
    }
    throw new AurumException.BadInput(
        "--max-memory "
            + text.trim()
            + " cannot cap this JVM's heap (max "
            + (maxHeap == Long.MAX_VALUE ? "unlimited" : (maxHeap >> 20) + " MB")
            + "): launch through ./aurum, which sets it, or pass -Xmx"
            + Math.max(1, budget >> 20)
            + "m to java");
  }

  static long size(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT).replace("ib", "").replace("b", "");
    long mult = 1;
    char last = t.isEmpty() ? ' ' : t.charAt(t.length() - 1);
    switch (last) {
      case 'k' -> mult = 1L << 10;
      case 'm' -> mult = 1L << 20;
      case 'g' -> mult = 1L << 30;
      default -> {}
    }
    String digits = mult == 1 ? t : t.substring(0, t.length() - 1);
    try {
      long v = (long) (Double.parseDouble(digits) * mult);
      if (v <= 0) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      throw new AurumException.BadInput(
          "--max-memory '" + text + "' is not a size: use e.g. 512m or 2g");
    }
  }
}
