package io.aurum.app.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The one renderer of rows: a {@link Table} (or a stream of rows) as {@code table}, {@code json}
 * (an array of objects), {@code ndjson} (one object a line), {@code csv} (RFC 4180 quoting) or
 * {@code markdown}. Numbers never depend on the default locale: a decimal always has a dot and no
 * grouping. Commands whose JSON is a document, not a list, print it with {@link Output#json}. Not
 * thread-safe; one instance per command run.
 */
final class Render {
  private Render() {}

  /** Columns and rows of values: strings, numbers, booleans, dates, {@link Fixed} or null. */
  record Table(List<String> columns, List<List<Object>> rows) {
    static Table of(String... columns) {
      return new Table(List.of(columns), new ArrayList<>());
    }

    Table row(Object... values) {
      if (values.length != columns.size()) {
        throw new IllegalArgumentException(
            values.length + " values for " + columns.size() + " columns " + columns);
      }
      rows.add(Arrays.asList(values));
      return this;
    }
  }

  /** A decimal shown with {@code digits} digits after the dot (a number in JSON). */
  record Fixed(double value, int digits) {
    @Override
    public String toString() {
      return Double.isFinite(value)
          ? String.format(Locale.ROOT, "%." + digits + "f", value)
          : String.valueOf(value);
    }
  }

  /** A value as text, independent of the locale; null is the empty string. */
  static String text(Object v) {
    if (v == null) {
      return "";
    }
    if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      return Double.isFinite(d)
          ? BigDecimal.valueOf(d).stripTrailingZeros().toPlainString()
          : String.valueOf(d);
    }
    if (v instanceof BigDecimal b) {
      return b.toPlainString();
    }
    return v.toString();
  }

  /** Prints {@code t} in {@code format}. */
  static void print(String format, Table t, PrintWriter out) {
    Rows rows = rows(format, t.columns(), out);
    t.rows().forEach(r -> rows.row(r.toArray()));
    rows.close();
    out.flush();
  }

  /** JSON objects one a line: the ndjson form of a command whose json is an array of them. */
  static void ndjson(
      Iterable<? extends com.fasterxml.jackson.databind.JsonNode> nodes, PrintWriter out) {
    try {
      for (var n : nodes) {
        out.println(
            Output.MAPPER
                .writer()
                .without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(n));
      }
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    out.flush();
  }

  /** A writer of rows in {@code format}, for streams too long to hold (export). */
  static Rows rows(String format, List<String> columns, Writer out) {
    switch (format) {
      case "table":
        return new TextTable(columns, out);
      case "csv":
        return new Csv(columns, out);
      case "markdown":
        return new Markdown(columns, out);
      case "ndjson":
        return new Json(columns, out, false);
      case "json":
        return new Json(columns, out, true);
      default:
        throw new IllegalArgumentException("no row format " + format);
    }
  }

  /**
   * Rows written one at a time; {@link #close} ends the document (it does not close the writer).
   */
  abstract static class Rows implements AutoCloseable {
    final List<String> columns;
    final Writer out;
    long count;

    Rows(List<String> columns, Writer out) {
      this.columns = columns;
      this.out = out;
    }

    final void row(Object... values) {
      if (values.length != columns.size()) {
        throw new IllegalArgumentException(
            values.length + " values for " + columns.size() + " columns " + columns);
      }
      try {
        write(values);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      count++;
    }

    long count() {
      return count;
    }

    abstract void write(Object[] values) throws IOException;

    void end() throws IOException {}

    @Override
    public final void close() {
      try {
        end();
        out.flush();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** RFC 4180: a field with a comma, quote, CR or LF is quoted and its quotes doubled. */
  static String csvField(String s) {
    if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
      return s;
    }
    return '"' + s.replace("\"", "\"\"") + '"';
  }

  private static final class Csv extends Rows {
    Csv(List<String> columns, Writer out) {
      super(columns, out);
      try {
        line(columns.toArray());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private void line(Object[] values) throws IOException {
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < values.length; i++) {
        if (i > 0) {
          b.append(',');
        }
        b.append(csvField(text(values[i])));
      }
      out.write(b.append('\n').toString());
    }

    @Override
    void write(Object[] values) throws IOException {
      line(values);
    }
  }

  private static final class Markdown extends Rows {
    Markdown(List<String> columns, Writer out) {
      super(columns, out);
      StringBuilder head = new StringBuilder("|");
      StringBuilder rule = new StringBuilder("|");
      for (String c : columns) {
        head.append(' ').append(cell(c)).append(" |");
        rule.append(" --- |");
      }
      try {
        out.write(head + "\n" + rule + "\n");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private static String cell(String s) {
      return s.replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ").replace("\n", " ");
    }

    @Override
    void write(Object[] values) throws IOException {
      StringBuilder b = new StringBuilder("|");
      for (Object v : values) {
        b.append(' ').append(cell(text(v))).append(" |");
      }
      out.write(b.append('\n').toString());
    }
  }

  private static final class Json extends Rows {
    private final JsonGenerator g;
    private final boolean array;

    Json(List<String> columns, Writer out, boolean array) {
      super(columns, out);
      this.array = array;
      try {
        g = Output.MAPPER.getFactory().createGenerator(out);
        g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        // ndjson: each object starts its line; Jackson would put a space before every root
        // value after the first.
        g.setRootValueSeparator(null);
        if (array) {
          g.writeStartArray();
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    void write(Object[] values) throws IOException {
      g.writeStartObject();
      for (int i = 0; i < values.length; i++) {
        g.writeFieldName(columns.get(i));
        value(g, values[i]);
      }
      g.writeEndObject();
      if (!array) {
        g.flush();
        out.write('\n');
      }
    }

    private static void value(JsonGenerator g, Object v) throws IOException {
      if (v == null) {
        g.writeNull();
      } else if (v instanceof Boolean b) {
        g.writeBoolean(b);
      } else if (v instanceof Integer || v instanceof Long || v instanceof Short) {
        g.writeNumber(((Number) v).longValue());
      } else if ((v instanceof Double || v instanceof Float)
          && !Double.isFinite(((Number) v).doubleValue())) {
        g.writeNull();
      } else if (v instanceof Number n) {
        g.writeNumber(new BigDecimal(text(n)));
      } else if (v instanceof Fixed f) {
        if (Double.isFinite(f.value())) {
          g.writeNumber(new BigDecimal(f.toString()));
        } else {
          g.writeNull();
        }
      } else {
        g.writeString(v.toString());
      }
    }

    @Override
    void end() throws IOException {
      if (array) {
        g.writeEndArray();
        g.flush();
        out.write('\n');
      }
      g.flush();
    }
  }

  /** Aligned columns, numbers to the right; held until the end to size the columns. */
  private static final class TextTable extends Rows {
    private final List<String[]> cells = new ArrayList<>();
    private final boolean[] numeric;

    TextTable(List<String> columns, Writer out) {
      super(columns, out);
      numeric = new boolean[columns.size()];
      Arrays.fill(numeric, true);
      cells.add(columns.toArray(String[]::new));
    }

    @Override
    void write(Object[] values) {
      String[] row = new String[values.length];
      for (int i = 0; i < values.length; i++) {
        row[i] = values[i] == null ? "-" : text(values[i]).replace('\r', ' ').replace('\n', ' ');
        if (values[i] != null && !(values[i] instanceof Number || values[i] instanceof Fixed)) {
          numeric[i] = false;
        }
      }
      cells.add(row);
    }

    @Override
    void end() throws IOException {
      int[] width = new int[columns.size()];
      for (String[] r : cells) {
        for (int i = 0; i < r.length; i++) {
          width[i] = Math.max(width[i], r[i].length());
        }
      }
      for (String[] r : cells) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < r.length; i++) {
          String pad = " ".repeat(width[i] - r[i].length());
          if (i > 0) {
            b.append("  ");
          }
          if (numeric[i] && cells.size() > 1) {
            b.append(pad).append(r[i]);
          } else if (i < r.length - 1) {
            b.append(r[i]).append(pad);
          } else {
            b.append(r[i]);
          }
        }
        out.write(b.toString().stripTrailing() + "\n");
      }
    }
  }
}
