package io.aurum.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * Binds whole columns as array parameters, in order from a first parameter index. Numbers go as
 * primitive arrays, which the driver sends without boxing. One statement's; not thread-safe.
 */
final class ArrayColumns {
  private final Connection c;
  private final PreparedStatement ps;
  private int next;

  ArrayColumns(Connection c, PreparedStatement ps, int first) {
    this.c = c;
    this.ps = ps;
    this.next = first;
  }

  void value(long v) throws SQLException {
    ps.setLong(next++, v);
  }

  void value(String v) throws SQLException {
    ps.setString(next++, v);
  }

  void int8(long[] column) throws SQLException {
    ps.setObject(next++, column);
  }

  <T> void text(List<T> rows, Function<T, String> f) throws SQLException {
    String[] out = new String[rows.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = f.apply(rows.get(i));
    }
    ps.setArray(next++, c.createArrayOf("text", out));
  }

  <T> void int8(List<T> rows, ToLongFunction<T> f) throws SQLException {
    long[] out = new long[rows.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = f.applyAsLong(rows.get(i));
    }
    int8(out);
  }

  <T> void float8(List<T> rows, ToDoubleFunction<T> f) throws SQLException {
    double[] out = new double[rows.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = f.applyAsDouble(rows.get(i));
    }
    ps.setObject(next++, out);
  }

  <T> void bool(List<T> rows, Predicate<T> f) throws SQLException {
    boolean[] out = new boolean[rows.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = f.test(rows.get(i));
    }
    ps.setObject(next++, out);
  }
}
