package io.aurum.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.LocalDate;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The one renderer: every row format, RFC 4180 quoting, and numbers that ignore the locale. */
class RenderTest {
  private Locale saved;

  @BeforeEach
  void german() {
    saved = Locale.getDefault();
    Locale.setDefault(Locale.GERMANY);
  }

  @AfterEach
  void restore() {
    Locale.setDefault(saved);
  }

  static Render.Table table() {
    return Render.Table.of("name", "share", "count", "day", "note")
        .row("a,b \"quoted\"", new Render.Fixed(0.5, 3), 1234567L, LocalDate.of(2020, 1, 1), null)
        .row("pipe|line", 1234.5, 2, null, "two\nlines");
  }

  static String print(String format) {
    StringWriter w = new StringWriter();
    Render.print(format, table(), new PrintWriter(w));
    return w.toString();
  }

  @Test
  void csv_quotes_commas_quotes_and_newlines_as_rfc_4180_says() {
    assertThat(print("csv"))
        .isEqualTo(
            "name,share,count,day,note\n"
                + "\"a,b \"\"quoted\"\"\",0.500,1234567,2020-01-01,\n"
                + "pipe|line,1234.5,2,,\"two\nlines\"\n");
  }

  @Test
  void numbers_print_with_a_dot_and_no_grouping_under_a_german_locale() {
    assertThat(String.format("%.1f", 0.5)).isEqualTo("0,5"); // the trap this guards against
    for (String f : new String[] {"table", "csv", "markdown", "json", "ndjson"}) {
      assertThat(print(f)).as(f).contains("0.500").contains("1234.5").doesNotContain("0,5");
    }
    assertThat(Format.bytes(1536)).isEqualTo("1.5 KiB");
    assertThat(Format.duration(java.time.Duration.ofMillis(1500))).isEqualTo("1.5 s");
  }

  @Test
  void json_is_an_array_of_typed_objects_and_ndjson_one_object_a_line() throws Exception {
    var arr = Output.MAPPER.readTree(print("json"));
    assertThat(arr.isArray()).isTrue();
    assertThat(arr.get(0).get("share").isNumber()).isTrue();
    assertThat(arr.get(0).get("share").decimalValue()).isEqualByComparingTo("0.5");
    assertThat(arr.get(0).get("count").asLong()).isEqualTo(1234567L);
    assertThat(arr.get(0).get("note").isNull()).isTrue();
    assertThat(arr.get(1).get("note").asText()).isEqualTo("two\nlines");
    var lines = print("ndjson").lines().toList();
    assertThat(lines).hasSize(2);
    for (String l : lines) {
      assertThat(l).startsWith("{"); // no separator before a line's object
      assertThat(Output.MAPPER.readTree(l).get("name").isTextual()).isTrue();
    }
  }

  @Test
  void markdown_is_a_pipe_table_with_escaped_cells_and_table_aligns_columns() {
    assertThat(print("markdown").lines().toList())
        .containsExactly(
            "| name | share | count | day | note |",
            "| --- | --- | --- | --- | --- |",
            "| a,b \"quoted\" | 0.500 | 1234567 | 2020-01-01 |  |",
            "| pipe\\|line | 1234.5 | 2 |  | two lines |");
    var table = print("table").lines().toList();
    assertThat(table).hasSize(3);
    assertThat(table.get(0)).startsWith("name           share    count");
    // Numbers right-aligned, nulls shown as "-", a newline in a cell kept on its row.
    assertThat(table.get(2)).matches("pipe\\|line\\s+1234\\.5\\s+2\\s+-\\s+two lines");
  }
}
