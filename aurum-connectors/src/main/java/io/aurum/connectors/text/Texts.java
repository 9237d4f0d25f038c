package io.aurum.connectors.text;

/**
 * Texts read from a parser's character buffer, each kept once: {@link #of} returns the same {@link
 * String} for the same characters, and allocates only for a text it has not seen. Payloads repeat a
 * few hundred distinct periods, series and codes over thousands of rows, so a row then allocates no
 * string, and the strings it gets carry their hash already. An open-addressing table that doubles
 * at half full. Not thread-safe: one per page or per reader.
 */
public final class Texts {
  private String[] table = new String[64];
  private int[] hashes = new int[64];
  private int size;

  /** The text of {@code c[from, from + length)}, one instance per distinct text. */
  public String of(char[] c, int from, int length) {
    int h = 0;
    for (int i = from, end = from + length; i < end; i++) {
      h = 31 * h + c[i];
    }
    int mask = table.length - 1;
    for (int slot = spread(h) & mask; ; slot = (slot + 1) & mask) {
      String s = table[slot];
      if (s == null) {
        s = new String(c, from, length);
        table[slot] = s;
        hashes[slot] = h;
        if (++size * 2 > table.length) {
          grow();
        }
        return s;
      }
      if (hashes[slot] == h && same(s, c, from, length)) {
        return s;
      }
    }
  }

  /** How many distinct texts are kept. */
  public int size() {
    return size;
  }

  private static boolean same(String s, char[] c, int from, int length) {
    if (s.length() != length) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      if (s.charAt(i) != c[from + i]) {
        return false;
      }
    }
    return true;
  }

  private static int spread(int h) {
    return h ^ (h >>> 16);
  }

  private void grow() {
    String[] oldTable = table;
    int[] oldHashes = hashes;
    table = new String[oldTable.length * 2];
    hashes = new int[oldTable.length * 2];
    int mask = table.length - 1;
    for (int i = 0; i < oldTable.length; i++) {
      if (oldTable[i] != null) {
        int slot = spread(oldHashes[i]) & mask;
        while (table[slot] != null) {
          slot = (slot + 1) & mask;
        }
        table[slot] = oldTable[i];
        hashes[slot] = oldHashes[i];
      }
    }
  }
}
