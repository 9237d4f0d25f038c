package io.aurum.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurum.app.testing.AurumCli;
import io.aurum.app.testing.CliFixture;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tables of capacity, health, compare and conflicts through the one renderer: csv and markdown
 * rows with their real values, numbers with a dot under a German default locale.
 */
class RenderedTablesCliTest {
  @TempDir Path tmp;

  private static List<String> lines(AurumCli.Result r) {
    return r.out().lines().toList();
  }

  @Test
  void capacity_health_compare_and_conflicts_print_their_rows_as_csv_and_markdown() {
    Locale saved = Locale.getDefault();
    Locale.setDefault(Locale.GERMANY);
    try (CliFixture fx = new CliFixture(tmp, false, 1000, 8)) {
      var cap =
          AurumCli.run(
              fx.env(),
              "capacity",
              "--required-cpu",
              "0.5",
              "--required-memory",
              "1Mi",
              "--format",
              "csv");
      assertThat(cap.exit()).as(cap.all()).isZero();
      assertThat(lines(cap).get(0)).isEqualTo("resource,need,have,free,fits");
      assertThat(lines(cap).get(1)).matches("cpu,0\\.50,[0-9]+,,true");
      assertThat(lines(cap).get(2)).matches("memory,1048576,[0-9]+,[0-9]+,true");
      var capMd =
          AurumCli.run(fx.env(), "capacity", "--required-cpu", "4096", "--format", "markdown");
      assertThat(capMd.exit()).isEqualTo(5);
      assertThat(lines(capMd).get(0)).isEqualTo("| resource | need | have | free | fits |");
      assertThat(lines(capMd).get(2)).startsWith("| cpu | 4096.00 | ").endsWith(" | false |");

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

      var health = AurumCli.run(fx.env(), "health", "system", "--format", "csv");
      assertThat(lines(health).get(0)).isEqualTo("status,check,summary");
      assertThat(lines(health)).anyMatch(l -> l.startsWith("ok,database,reachable and migrated"));
      var detailed =
          AurumCli.run(fx.env(), "health", "system", "--detailed", "--format", "markdown");
      assertThat(lines(detailed).get(0)).isEqualTo("| status | check | summary | details |");
      assertThat(lines(detailed)).anyMatch(l -> l.startsWith("| ok | leases | "));
      var table = AurumCli.run(fx.env(), "health", "system");
      assertThat(lines(table).get(0)).matches("status +check +summary");
      assertThat(table.out()).contains("system healthy");

      var patterns =
          AurumCli.run(
              fx.env(),
              "compare",
              "patterns",
              "--source",
              "fred",
              "--datasets",
              "FRED.MACRO_MONTHLY",
              "--reference-date",
              "2024-01-01",
              "--comparison-date",
              "2024-01-01",
              "--format",
              "csv");
      assertThat(patterns.exit()).as(patterns.all()).isZero();
      assertThat(lines(patterns).get(0))
          .isEqualTo("dataset,series,n1,mean1,sd1,n2,mean2,sd2,change_pct,significant");
      assertThat(lines(patterns).subList(1, lines(patterns).size()))
          .isNotEmpty()
          .allMatch(
              l ->
                  l.matches(
                      "FRED\\.MACRO_MONTHLY,[A-Z0-9]+,1,(-?[0-9]+\\.[0-9]{2},){2}1,"
                          + "(-?[0-9]+\\.[0-9]{2},){2}0\\.0,false"));

      var quality =
          AurumCli.run(
              fx.env(),
              "compare",
              "quality",
              "--job-id",
              "BACKFILL_20240229_FRED",
              "--format",
              "csv");
      assertThat(quality.exit()).as(quality.all()).isZero();
      assertThat(lines(quality))
          .containsExactly(
              "dataset,partitions,before,after,delta,changed,added,removed", lines(quality).get(1));
      // A backfill replaced nothing: no score before, so no delta either.
      assertThat(lines(quality).get(1))
          .matches("FRED\\.MACRO_MONTHLY,2,,[01]\\.[0-9]{4},,0,[0-9]+,0");

      var conflicts =
          AurumCli.run(
              fx.env(),
              "conflicts",
              "detect",
              "--source",
              "fred",
              "--date",
              "2024-01-01",
              "--format",
              "markdown");
      assertThat(conflicts.exit()).as(conflicts.all()).isZero();
      assertThat(lines(conflicts))
          .containsExactly(
              "| partition | series | period | head | candidate | versions |",
              "| --- | --- | --- | --- | --- | --- |");
    } finally {
      Locale.setDefault(saved);
    }
  }
}
