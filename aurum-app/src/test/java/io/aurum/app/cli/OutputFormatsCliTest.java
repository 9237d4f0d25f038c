package io.aurum.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.aurum.app.testing.AurumCli;
import io.aurum.app.testing.CliFixture;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --format} through the one renderer: each listing command in every format it offers, the
 * refusal of the others, daily/monthly periods as dates, and numbers with a dot in any locale.
 */
class OutputFormatsCliTest {
  static final String[] ROW_FORMATS = {"table", "json", "ndjson", "csv", "markdown"};

  @TempDir Path tmp;

  @Test
  void listing_commands_print_every_row_format_and_refuse_the_rest() throws Exception {
    Locale saved = Locale.getDefault();
    Locale.setDefault(Locale.GERMANY);
    try (CliFixture fx = new CliFixture(tmp, false, 1000, 8)) {
      var backfill =
          AurumCli.run(
              fx.env(),
              "backfill",
              "--source",
              "fred",
              "--datasets",
              "FRED.MACRO_MONTHLY",
              "--start-date",
              "2024-01-01",
              "--end-date",
              "2024-02-29");
      assertThat(backfill.exit()).as(backfill.all()).isZero();
      List<List<String>> commands =
          List.of(
              List.of("ops", "list", "--all"),
              List.of("gaps", "--source", "fred", "--date-range", "2024-01-01:2024-03-31"),
              List.of("coverage", "--source", "fred", "--datasets", "FRED.MACRO_MONTHLY"),
              List.of("audit", "log", "--job-id", "BACKFILL_20240229_FRED"),
              List.of(
                  "validate",
                  "completeness",
                  "--source",
                  "fred",
                  "--datasets",
                  "FRED.MACRO_MONTHLY",
                  "--date-range",
                  "2024-01-01:2024-03-31"),
              List.of("quotas", "validate"));
      for (List<String> c : commands) {
        for (String f : ROW_FORMATS) {
          var r = run(fx, c, f);
          assertThat(r.exit()).as(c + " " + f + ": " + r.all()).isIn(0, 5);
          check(f, r.out(), c.toString());
        }
        var bad = run(fx, c, "yaml");
        assertThat(bad.exit()).as(c.toString()).isEqualTo(2);
        assertThat(bad.err().lines()).hasSize(1);
        assertThat(bad.err()).contains("unknown --format 'yaml': use table, json, ndjson, csv or");
      }

      // export: the periods of a monthly series are the dates they name, in every format.
      List<String> export =
          List.of(
              "export",
              "--source",
              "fred",
              "--datasets",
              "FRED.MACRO_MONTHLY",
              "--date-range",
              "2024-01-01:2024-02-29");
      for (String f : new String[] {"csv", "json", "ndjson", "markdown"}) {
        var r = run(fx, export, f);
        assertThat(r.exit()).as(f + ": " + r.all()).isZero();
        check(f, r.out(), "export");
        assertThat(r.out()).as(f).contains("2024-02-01").doesNotContain("T05:00:00Z");
      }
      var csv = run(fx, export, "csv").out().lines().toList();
      assertThat(csv.get(0)).isEqualTo("dataset,series_id,period,value,unit,version,operation_id");
      assertThat(csv).anyMatch(l -> l.startsWith("FRED.MACRO_MONTHLY,UNRATE,2024-01-01,"));
      // A decimal value keeps its dot under the German default locale.
      assertThat(csv.subList(1, csv.size()))
          .allSatisfy(l -> assertThat(l.split(",")[3]).matches("-?[0-9]+(\\.[0-9]+)?"));
      assertThat(run(fx, export, "table").err()).contains("use csv, json, ndjson or markdown");

      // report keeps the runbook's own values.
      for (String f : new String[] {"markdown", "json", "html"}) {
        var r = run(fx, List.of("report", "--job-id", "BACKFILL_20240229_FRED"), f);
        assertThat(r.exit()).as(f + ": " + r.all()).isZero();
      }
      // A document command with decimals: capacity prints a dot, not a comma.
      var cap =
          AurumCli.run(
              fx.env(),
              "capacity",
              "--required-cpu",
              "0.5",
              "--required-memory",
              "1Mi",
              "--estimated-hours",
              "1");
      assertThat(cap.out()).contains("need 0.50").doesNotContain("0,50");
    } finally {
      Locale.setDefault(saved);
    }
  }

  private static AurumCli.Result run(CliFixture fx, List<String> command, String format) {
    List<String> args = new ArrayList<>(command);
    args.add("--format");
    args.add(format);
    return AurumCli.run(fx.env(), args.toArray(String[]::new));
  }

  private static void check(String format, String out, String what) throws Exception {
    switch (format) {
      case "json" -> {
        JsonNode n = Output.MAPPER.readTree(out);
        assertThat(n.isArray() || n.isObject()).as(what).isTrue();
      }
      case "ndjson" -> {
        for (String l : out.lines().toList()) {
          assertThat(Output.MAPPER.readTree(l).isObject()).as(what + ": " + l).isTrue();
        }
      }
      case "csv" -> assertThat(out.lines().findFirst().orElse("")).as(what).matches("[a-z_,]+");
      case "markdown" -> {
        List<String> lines = out.lines().toList();
        assertThat(lines.get(0)).as(what).startsWith("| ").endsWith(" |");
        assertThat(lines.get(1)).as(what).startsWith("| --- |");
      }
      default -> assertThat(out).as(what).isNotBlank();
    }
    if (!format.equals("csv")) {
      // No decimal comma ("0,5") anywhere, though the default locale is German.
      assertThat(out).as(what).doesNotContainPattern("[0-9],[0-9]");
    }
  }
}
